package io.dataflow.it.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The official Pub/Sub emulator on a free port, for the servers under test; stopped by pid (the
 * wrapper script execs java; descendants are stopped too).
 */
final class PubSubEmulatorProcess implements AutoCloseable {
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
    throw new IllegalStateException("bin/pubsub-emulator not found above " + Path.of("").toAbsolutePath());
  }
  private final Process process;
  private final int port;

  private PubSubEmulatorProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean installed() {
    return System.getenv("PUBSUB_EMULATOR_JAR") != null || Files.isDirectory(SDK_EMULATOR.resolve("lib"));
  }

  static PubSubEmulatorProcess start(Path log) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(launcher().toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PubSubEmulatorProcess emulator = new PubSubEmulatorProcess(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.readString(log).contains("Server started")) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 500);
          return emulator;
        } catch (IOException notYet) {
          // listening soon
        }
      }
      Thread.sleep(200);
    }
    emulator.close();
    throw new IOException("Pub/Sub emulator did not start; see " + log);
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
