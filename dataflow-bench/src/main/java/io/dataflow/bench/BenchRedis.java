package io.dataflow.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * The Redis a benchmark runs against: {@code -Dbench.redis.url=redis://host:port} when given (its
 * command statistics are reset), else a redis-server started on a free port and stopped by pid.
 */
final class BenchRedis implements AutoCloseable {
  private final Process process;
  private final String host;
  private final int port;

  private BenchRedis(Process process, String host, int port) {
    this.process = process;
    this.host = host;
    this.port = port;
  }

  static BenchRedis start() throws IOException, InterruptedException {
    String url = System.getProperty("bench.redis.url", "");
    if (!url.isBlank()) {
      java.net.URI uri = java.net.URI.create(url);
      return new BenchRedis(null, uri.getHost(), uri.getPort());
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(
                new File(System.getProperty("java.io.tmpdir"), "bench-redis-" + port + ".log"))
            .start();
    BenchRedis redis = new BenchRedis(p, "127.0.0.1", port);
    for (int i = 0; ; i++) {
      try (Jedis j = redis.client()) {
        j.ping();
        return redis;
      } catch (RuntimeException e) {
        if (i > 100 || !p.isAlive()) {
          redis.close();
          throw new IOException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  String url() {
    return "redis://" + host + ":" + port;
  }

  Jedis client() {
    return new Jedis(host, port, 2_000);
  }

  /** Calls of one command so far, from {@code INFO commandstats}. */
  long calls(String command) {
    try (Jedis j = client()) {
      for (String line : j.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_" + command + ":")) {
          for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
            if (kv.startsWith("calls=")) {
              return Long.parseLong(kv.substring("calls=".length()));
            }
          }
        }
      }
    }
    return 0;
  }

  void resetStats() {
    try (Jedis j = client()) {
      j.configResetStat();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
