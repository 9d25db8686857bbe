package io.dataflow.enrich.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;

/**
 * A redis-server this test starts on a free port (no persistence) and stops by its pid. Tests are
 * skipped, saying why, when redis-server is not installed.
 */
public final class RedisProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisProcess start() throws IOException, InterruptedException {
    Path binary = Path.of("/usr/bin/redis-server");
    Assumptions.assumeTrue(
        Files.isExecutable(binary),
        "SKIPPED: redis-server is not installed (apt-get install -y redis-server)");
    int port = freePort();
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(new File("target/redis-" + port + ".log"))
            .start();
    RedisProcess redis = new RedisProcess(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Jedis j = redis.client()) {
        j.ping();
        return redis;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          redis.close();
          throw new IOException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** A plain connection for inspecting what the code under test wrote. */
  public Jedis client() {
    return new Jedis("127.0.0.1", port, 2_000);
  }

  /** Calls per command from {@code INFO commandstats}, e.g. {@code mget -> 3}. */
  public Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    try (Jedis j = client()) {
      for (String line : j.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_")) {
          String name = line.substring("cmdstat_".length(), line.indexOf(':'));
          String stats = line.substring(line.indexOf(':') + 1);
          for (String kv : stats.split(",")) {
            if (kv.startsWith("calls=")) {
              calls.put(name, Long.parseLong(kv.substring("calls=".length())));
            }
          }
        }
      }
    }
    return calls;
  }

  public void resetStats() {
    try (Jedis j = client()) {
      j.configResetStat();
    }
  }

  /** SIGSTOP: the process keeps its port but answers nothing (a hung server). */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
  }

  /** SIGKILL, as in a crash; {@link #close()} is still safe afterwards. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        resume(); // a stopped process does not act on SIGTERM until continued
      } catch (IOException e) {
        // fall through to the forced kill
      }
      process.destroy();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
