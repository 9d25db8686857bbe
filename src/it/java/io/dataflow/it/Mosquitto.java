package io.dataflow.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Mosquitto broker started by a test on a given port, stopped by its pid. Persistence is on,
 * so a restarted broker keeps the persistent sessions and queued QoS 1 messages.
 */
public final class Mosquitto implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  public Mosquitto(int port) throws IOException {
    this(port, java.util.List.of());
  }

  /**
   * A broker whose listener takes the given options as well, e.g. {@code certfile} and {@code
   * keyfile} for a TLS listener (the files must be readable by the mosquitto user).
   */
  public Mosquitto(int port, java.util.List<String> listenerOptions) throws IOException {
    this.port = port;
    this.dir = Files.createTempDirectory("mosquitto-" + port);
    // Started as root, mosquitto drops to its own user, which must be able to write persistence.
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(
        dir.resolve("mosquitto.conf"),
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            String.join("\n", listenerOptions),
            "allow_anonymous true",
            "persistence true",
            "persistence_location " + dir + "/",
            "autosave_interval 1",
            "max_queued_messages 0",
            "max_inflight_messages 100",
            "log_dest stderr",
            ""));
  }

  /** Whether mosquitto is installed on this machine. */
  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto"))
        || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** What the broker logged (connections, TLS errors). */
  public Path log() {
    return dir.resolve("mosquitto.log");
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public Mosquitto start() throws IOException, InterruptedException {
    String exe =
        Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    process =
        new ProcessBuilder(exe, "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException(
        "mosquitto did not listen on " + port + "; see " + dir.resolve("mosquitto.log"));
  }

  /** SIGKILL: the broker dies without a clean shutdown. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      process = null;
    }
  }

  /** SIGTERM: the broker saves its persistence file and exits. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
