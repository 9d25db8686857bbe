package io.dataflow.it.operations;

import io.dataflow.it.LibertyServer;
import io.dataflow.it.Mosquitto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The all-in-one server of one operator-workflow IT: its own Mosquitto (persistent), its own data
 * directory under {@code it-NAME}, server {@code dataflow-NAME}, an administrator password, and the
 * admin API called with Basic credentials.
 */
final class OperationsServer implements AutoCloseable {
  static final String ADMIN = "admin";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path work;
  private final String adminPassword;
  private final int httpPort;
  private Mosquitto broker;
  private LibertyServer server;

  private OperationsServer(Path work, String adminPassword, int httpPort) {
    this.work = work;
    this.adminPassword = adminPassword;
    this.httpPort = httpPort;
  }

  /**
   * The IT's working directory, created; files the server needs (a device file) go there before
   * {@link #start}. Skips the test class where mosquitto or the Liberty runtime is missing.
   */
  static Path workDirectory(String name) throws IOException {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    Assumptions.assumeTrue(
        LibertyServer.runtimeInstalled(), "SKIPPED: no Liberty runtime at wlp.home");
    return LibertyServer.dataDirectory("it-" + name);
  }

  /** Starts the broker and the server with these settings on top of the common ones; ready. */
  static OperationsServer start(String name, String adminPassword, Map<String, String> settings)
      throws Exception {
    OperationsServer s =
        new OperationsServer(workDirectory(name), adminPassword, Mosquitto.freePort());
    try {
      s.broker = new Mosquitto(Mosquitto.freePort()).start();
      Map<String, String> env = new HashMap<>(settings);
      env.put("DATAFLOW_DATA_DIR", s.data().toString());
      env.put("DATAFLOW_MQTT_URL", s.broker.url());
      env.put("DATAFLOW_MQTT_CLIENT_ID", "dataflow-" + name + "-it");
      env.put("DATAFLOW_ADMIN_PASSWORD", adminPassword);
      s.server = new LibertyServer("dataflow-" + name, s.httpPort, Mosquitto.freePort(), env);
      s.server.start();
      s.server.awaitReady();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  Path work() {
    return work;
  }

  /** The server's data directory. */
  Path data() {
    return work.resolve("data");
  }

  Mosquitto broker() {
    return broker;
  }

  LibertyServer server() {
    return server;
  }

  /** An admin API call as the administrator, with the CSRF header. */
  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, ADMIN, adminPassword, true);
  }

  /** An admin API call as {@code user}; {@code csrf} says whether the CSRF header is sent. */
  HttpResponse<String> call(
      String method, String path, String body, String user, String password, boolean csrf)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (csrf) {
      b.header("X-Requested-By", "dataflow-it");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {server, broker}) {
      if (c != null) {
        c.close();
      }
    }
  }
}
