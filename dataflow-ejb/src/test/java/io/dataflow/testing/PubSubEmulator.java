package io.dataflow.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official Pub/Sub emulator on a free port, started by {@code bin/pubsub-emulator} (found from
 * the working directory up; see the script for why the SDK's own wrapper loses messages with a
 * current client) and stopped by pid, descendants included. Used by the connector tests here and,
 * through this module's test-jar, by the distributed integration tests.
 */
public final class PubSubEmulator implements AutoCloseable {
  /** The SDK's emulator install; {@code bin/pubsub-emulator} starts the jar under it. */
  public static final Path SDK_EMULATOR =
      Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator");

  private final Process process;
  private final int port;
  private final Path log;
  private final boolean deleteLog;

  private PubSubEmulator(Process process, int port, Path log, boolean deleteLog) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.deleteLog = deleteLog;
  }

  /** Whether an emulator jar is there: the SDK's, or {@code PUBSUB_EMULATOR_JAR}. */
  public static boolean installed() {
    return System.getenv("PUBSUB_EMULATOR_JAR") != null
        || Files.isDirectory(SDK_EMULATOR.resolve("lib"));
  }

  /** Skips the calling test (with the reason) when the emulator is not installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed(),
        "SKIPPED: the Pub/Sub emulator is not installed at "
            + SDK_EMULATOR
            + " (google-cloud-sdk) and PUBSUB_EMULATOR_JAR is not set");
  }

  /** Skips the test if the emulator is absent, else starts it with a temporary log. */
  public static PubSubEmulator start() throws IOException, InterruptedException {
    assumeInstalled();
    int port = freePort();
    return start(port, Files.createTempFile("pubsub-emulator-" + port + "-", ".log"), true);
  }

  /** Starts the emulator, its output in {@code log} (kept), and waits until it accepts clients. */
  public static PubSubEmulator start(Path log) throws IOException, InterruptedException {
    return start(freePort(), log, false);
  }

  private static PubSubEmulator start(int port, Path log, boolean deleteLog)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(launcher().toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PubSubEmulator emulator = new PubSubEmulator(p, port, log, deleteLog);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.readString(log).contains("Server started") && accepts(port)) {
        return emulator;
      }
      Thread.sleep(200);
    }
    String output = Files.readString(log);
    emulator.close();
    throw new IOException(
        (p.isAlive() ? "Pub/Sub emulator did not start within 90 s" : "Pub/Sub emulator exited")
            + ": "
            + output);
  }

  /** {@code bin/pubsub-emulator}, found from the working directory up. */
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

  public String host() {
    return "127.0.0.1:" + port;
  }

  public static int freePort() throws IOException {
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
    if (deleteLog) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file; the OS cleans up
      }
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
