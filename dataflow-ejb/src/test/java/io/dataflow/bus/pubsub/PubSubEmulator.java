package io.dataflow.bus.pubsub;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official Pub/Sub emulator on a free port, started by a test and stopped by pid (the wrapper
 * script execs java; its descendants are stopped too). Tests are skipped when it is not installed.
 */
final class PubSubEmulator implements AutoCloseable {
  /** The SDK's emulator install; {@code bin/pubsub-emulator} starts the jar under it. */
  static final Path SDK_EMULATOR = Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator");

  /**
   * The project's launcher, {@code bin/pubsub-emulator}, found from the working directory up: it
   * starts the emulator with its gRPC classes matched (see the script for why the SDK's wrapper
   * loses messages with a current client).
   */
  static Path launcher() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("bin").resolve("pubsub-emulator");
      if (Files.isExecutable(script)) {
        return script;
      }
    }
    throw new IllegalStateException(
        "bin/pubsub-emulator not found above " + Path.of("").toAbsolutePath());
  }

  private final Process process;
  private final int port;
  private final Path log;

  private PubSubEmulator(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the emulator and waits until it accepts connections; skips the test if absent. */
  static PubSubEmulator start() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        System.getenv("PUBSUB_EMULATOR_JAR") != null
            || Files.isDirectory(SDK_EMULATOR.resolve("lib")),
        "SKIPPED: the Pub/Sub emulator is not installed at "
            + SDK_EMULATOR
            + " (google-cloud-sdk) and PUBSUB_EMULATOR_JAR is not set");
    int port = freePort();
    Path log = Files.createTempFile("pubsub-emulator-" + port + "-", ".log");
    Process p =
        new ProcessBuilder(launcher().toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PubSubEmulator emulator = new PubSubEmulator(p, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("Pub/Sub emulator exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      if (Files.readString(log).contains("Server started") && accepts(port)) {
        return emulator;
      }
      Thread.sleep(200);
    }
    emulator.close();
    fail("Pub/Sub emulator did not start within 90 s: " + Files.readString(log));
    return null;
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
