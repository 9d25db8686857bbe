package io.dataflow.it.arquillian;

import io.dataflow.testing.FakeGcsServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the in-container fault-tolerance tests talk to, started inside the Arquillian server on the
 * ports the deployment's configuration names: the wire-level GCS fake, a real redis-server, and a
 * "black hole" (a port that accepts connections and never answers). Each is stopped by the test
 * that started it, and everything still running when the application is undeployed.
 */
@ApplicationScoped
public class ExternalParts {
  private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
  private FakeGcsServer gcs;
  private Process redis;
  private BlackHole blackHole;

  /** The GCS fake on {@code port}, started on first use, with the bucket {@code bucket}. */
  public synchronized FakeGcsServer gcs(int port, String bucket) {
    if (gcs == null) {
      try {
        gcs = FakeGcsServer.start(port).createBucket(bucket);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the GCS fake on port " + port, e);
      }
    }
    return gcs;
  }

  public static boolean redisInstalled() {
    return Files.isExecutable(REDIS_SERVER);
  }

  /**
   * Starts redis-server on {@code port} (no persistence) and waits until it accepts connections.
   */
  public synchronized void startRedis(int port, Path logDir)
      throws IOException, InterruptedException {
    redis =
        new ProcessBuilder(
                REDIS_SERVER.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve("redis-" + port + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !redis.isAlive()) {
          stopRedis();
          throw new IOException("redis-server did not listen on " + port, notYet);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Stops the redis-server this bean started, by its pid. */
  public synchronized void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.destroy();
      redis.waitFor();
      redis = null;
    }
  }

  /** Accepts connections on {@code port} and never reads or writes: every call on it hangs. */
  public synchronized BlackHole openBlackHole(int port) throws IOException {
    blackHole = new BlackHole(port);
    return blackHole;
  }

  @PreDestroy
  synchronized void stopAll() {
    if (gcs != null) {
      gcs.close();
    }
    if (blackHole != null) {
      blackHole.close();
    }
    try {
      stopRedis();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A listening port that swallows connections. */
  public static final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    BlackHole(int port) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    held.add(server.accept());
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "black-hole-" + port);
      accept.setDaemon(true);
      accept.start();
    }

    /** Connections accepted so far. */
    public int accepted() {
      return held.size();
    }

    @Override
    public void close() {
      try {
        server.close();
        for (Socket s : held) {
          s.close();
        }
      } catch (IOException e) {
        // closing: nothing left to do
      }
    }
  }
}
