package io.dataflow.loadgen;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A mosquitto broker on a free loopback port, for tests; skipped when mosquitto is not installed.
 */
final class Mosquitto implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
  private final Process process;
  private final int port;

  Mosquitto(Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY),
        "mosquitto not installed (apt-get install -y mosquitto): MQTT tests skipped");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        "listener "
            + port
            + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n"
            + "max_inflight_messages 0\npersistence false\n");
    process =
        new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    for (int i = 0; i < 100; i++) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    close();
    throw new IOException("mosquitto did not listen on " + port);
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
