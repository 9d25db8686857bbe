package io.dataflow.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The Liberty server the build started for the integration tests, and plain HTTP calls to it. */
public final class ServerUnderTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          // Plain HTTP/1.1: Liberty cuts bodies of h2c-upgrade requests at 1 KiB.
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ServerUnderTest() {}

  public static int httpPort() {
    return Integer.getInteger("it.http.port", 9080);
  }

  /**
   * The MQTT port the server is configured to use (nothing listens there until a test starts a
   * broker).
   */
  public static int mqttPort() {
    return Integer.getInteger("it.mqtt.port", 1883);
  }

  public static Path dataDir() {
    return Path.of(System.getProperty("it.data.dir", "target/it-data"));
  }

  public static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort() + path);
  }

  public static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
