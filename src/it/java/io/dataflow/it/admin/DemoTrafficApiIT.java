package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo traffic through the admin API of the running server: who may start and stop it, and that
 * while it runs it publishes through the server's MQTT broker into the pipeline (telemetry, and the
 * bad input that ends as dead letters), and that Stop ends it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoTrafficApiIT {
  private static final HttpClient PLAIN = ConsoleServer.plainClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE = "/admin/api/demo";
  private static final String START = "/admin/api/demo/start";
  private static final String STOP = "/admin/api/demo/stop";

  /** The server ingests from the test broker's port; the demo publishes there too. */
  @BeforeAll
  static void brokerListens() throws Exception {
    Assumptions.assumeTrue(
        SharedBroker.ensureListening(),
        "SKIPPED: no MQTT broker on port "
            + ServerUnderTest.mqttPort()
            + " and no mosquitto binary"
            + " (apt-get install -y mosquitto)");
  }

  @AfterAll
  static void demoIsStopped() throws Exception {
    ConsoleServer.callAsAdmin("POST", STOP);
  }

  @Test
  @Order(1)
  void withoutCredentialsEveryCallIs401() throws Exception {
    for (String[] call : new String[][] {{"GET", STATE}, {"POST", START}, {"POST", STOP}}) {
      HttpResponse<String> r =
          send(request(call[0], call[1]).header(ConsoleServer.CSRF_HEADER, "dataflow"));

      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
    }
  }

  @Test
  @Order(2)
  void aViewerSeesTheStateButStartAndStopAre403() throws Exception {
    String viewer = ConsoleServer.basic(ConsoleServer.viewerUser(), ConsoleServer.viewerPassword());

    HttpResponse<String> state = send(request("GET", STATE).header("Authorization", viewer));
    HttpResponse<String> start =
        send(
            request("POST", START)
                .header("Authorization", viewer)
                .header(ConsoleServer.CSRF_HEADER, "dataflow"));
    HttpResponse<String> stop =
        send(
            request("POST", STOP)
                .header("Authorization", viewer)
                .header(ConsoleServer.CSRF_HEADER, "dataflow"));

    assertThat(state.statusCode()).isEqualTo(200);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(403);
    assertThat(stop.statusCode()).as(stop.body()).isEqualTo(403);
    assertThat(state().get("running").asBoolean()).isFalse();
  }

  @Test
  @Order(3)
  void anAdminWithoutTheCsrfHeaderIs403() throws Exception {
    String admin = ConsoleServer.basic(ConsoleServer.adminUser(), ConsoleServer.adminPassword());

    HttpResponse<String> r = send(request("POST", START).header("Authorization", admin));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains(ConsoleServer.CSRF_HEADER);
    assertThat(state().get("running").asBoolean()).isFalse();
  }

  @Test
  @Order(4)
  void anAdminStartsItItPublishesIntoThePipelineAndStopEndsIt() throws Exception {
    JsonNode overview = get(STATE);
    assertThat(overview.get("available").asBoolean()).as(overview.toString()).isTrue();
    assertThat(overview.at("/state/running").asBoolean()).isFalse();
    long ingestedBefore = ingested();

    JsonNode started = action(START);
    JsonNode again = action(START);
    JsonNode running = state();

    assertThat(started.get("action").asText()).isEqualTo("demo.start");
    assertThat(started.get("done").asBoolean()).isTrue();
    assertThat(started.get("by").asText()).isEqualTo(ConsoleServer.adminUser());
    assertThat(again.get("done").asBoolean()).as("a second start changes nothing").isFalse();
    assertThat(running.get("running").asBoolean()).isTrue();
    assertThat(running.get("ratePerSecond").asInt()).isEqualTo(20);
    assertThat(running.get("fleet").asText()).contains("50 registered devices", "5 unknown");
    assertThat(running.get("brokerUrl").asText()).endsWith(":" + ServerUnderTest.mqttPort());
    Instant startedAt = Instant.parse(running.get("startedAt").asText());
    // Published means acknowledged by the broker; ingested means counted by the ingestion stage.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode s = state();
              assertThat(s.get("connected").asBoolean()).as(s.toString()).isTrue();
              assertThat(s.get("published").asLong()).isGreaterThan(40);
              assertThat(ingested() - ingestedBefore).isGreaterThan(40);
            });
    // The bad input the demo mixes in ends up as dead letters of ingestion.
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(deadLetterReasonsSince(startedAt)).contains("oversize", "no-route"));

    JsonNode stopped = action(STOP);
    JsonNode after = state();
    long published = after.get("published").asLong();
    Thread.sleep(1_500);
    JsonNode later = state();
    JsonNode stoppedAgain = action(STOP);

    assertThat(stopped.get("action").asText()).isEqualTo("demo.stop");
    assertThat(stopped.get("done").asBoolean()).isTrue();
    assertThat(after.get("running").asBoolean()).isFalse();
    assertThat(later.get("published").asLong())
        .as("nothing is published after Stop")
        .isEqualTo(published);
    assertThat(stoppedAgain.get("done").asBoolean()).isFalse();
    ConsoleServer.assertAudited("demo.start", "demo-traffic");
    ConsoleServer.assertAudited("demo.stop", "demo-traffic");
  }

  // ---- helpers

  private static HttpRequest.Builder request(String method, String path) {
    return HttpRequest.newBuilder(ConsoleServer.uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
  }

  private static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return PLAIN.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What the demo traffic does now (the {@code state} of {@code GET /admin/api/demo}). */
  private static JsonNode state() throws Exception {
    return get(STATE).get("state");
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = ConsoleServer.callAsAdmin("GET", path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode action(String path) throws Exception {
    HttpResponse<String> r = ConsoleServer.callAsAdmin("POST", path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static long ingested() throws Exception {
    return get("/admin/api/pipeline").get("stages").get(0).at("/counters/received").asLong();
  }

  private static Set<String> deadLetterReasonsSince(Instant since) throws Exception {
    Set<String> reasons = new HashSet<>();
    for (JsonNode d : get("/admin/api/dead-letters?limit=500")) {
      if (Instant.parse(d.get("at").asText()).isAfter(since)) {
        reasons.add(d.get("reason").asText());
      }
    }
    return reasons;
  }
}
