package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} tells anyone the status and a short reason, never a URL, a destination or an
 * error's text; administrators get those details from {@code GET /admin/api/health}.
 */
class HealthDetailsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void ready() throws Exception {
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  @Test
  void publicHealthShowsNoUrlDestinationOrErrorText() throws Exception {
    for (String path : new String[] {"/health", "/health/ready", "/health/live"}) {
      String body = ServerUnderTest.get(path).body();
      assertThat(body)
          .as(path)
          .contains("\"status\"")
          .doesNotContain("tcp://")
          .doesNotContain("jdbc:")
          .doesNotContain("\"url\"")
          .doesNotContain("\"destination\"")
          .doesNotContain("lastError")
          .doesNotContain(ServerUnderTest.dataDir().toAbsolutePath().toString());
    }
    JsonNode checks = JSON.readTree(ServerUnderTest.get("/health/ready").body()).get("checks");
    assertThat(checks.findValuesAsText("name")).contains("ingestion-mqtt", "bigquery-sink");
  }

  @Test
  void administratorsSeeTheBrokerUrlAndTheSinkDestination() throws Exception {
    HttpResponse<String> r = ConsoleServer.callAsAdmin("GET", "/admin/api/health");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode mqtt = check(JSON.readTree(r.body()), "ingestion-mqtt");
    assertThat(mqtt.path("status").asText()).isEqualTo("UP");
    assertThat(mqtt.path("kind").toString()).contains("readiness");
    assertThat(mqtt.path("data").path("connected").asBoolean()).isTrue();
    assertThat(mqtt.path("details").path("url").asText()).startsWith("tcp://");
    JsonNode sink = check(JSON.readTree(r.body()), "bigquery-sink");
    assertThat(sink.path("details").path("destination").asText()).startsWith("jdbc:h2:file:");
  }

  private static JsonNode check(JsonNode all, String name) {
    for (JsonNode c : all) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + all);
  }
}
