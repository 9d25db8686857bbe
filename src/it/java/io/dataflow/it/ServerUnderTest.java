package io.dataflow.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Liberty server the build started for the integration tests, and plain HTTP calls to it; its
 * /metrics over HTTPS as the metrics identity (the server runs with METRICS_AUTHENTICATION=true, as
 * the container image does).
 */
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

  /** Trusts exactly the IT server's certificate: the one in its keystore. */
  public static SSLContext tls() {
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("it.tls.keystore")))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, System.getProperty("it.tls.keystore.password").toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the IT server's keystore", e);
    }
  }

  public static URI httpsUri(String path) {
    return URI.create("https://127.0.0.1:" + Integer.getInteger("it.https.port", 9443) + path);
  }

  /** GET of a /metrics path over HTTPS with the metrics identity's Basic credentials. */
  public static HttpResponse<String> metrics(String path) throws IOException, InterruptedException {
    String credentials =
        System.getProperty("it.metrics.user") + ":" + System.getProperty("it.metrics.password");
    HttpClient https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(tls())
            .build();
    return https.send(
        HttpRequest.newBuilder(httpsUri(path))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
