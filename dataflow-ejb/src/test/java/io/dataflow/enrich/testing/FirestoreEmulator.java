package io.dataflow.enrich.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official Cloud Firestore emulator, started as a java process on a free port and stopped by
 * its pid. Tests are skipped, saying why, when the emulator jar is not installed.
 */
public final class FirestoreEmulator implements AutoCloseable {
  public static final Path JAR =
      Path.of(
          "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
  private final Process process;
  private final int port;

  private FirestoreEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static FirestoreEmulator start() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isReadable(JAR), "SKIPPED: the Firestore emulator is not installed at " + JAR);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                JAR.toString(),
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                "start",
                "--host=127.0.0.1",
                "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(new File("target/firestore-emulator-" + port + ".log"))
            .start();
    FirestoreEmulator emulator = new FirestoreEmulator(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!emulator.answers()) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        emulator.close();
        throw new IOException("Firestore emulator did not start on port " + port);
      }
      Thread.sleep(200);
    }
    return emulator;
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
