package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What the admin API answers an administrator (HTTP Basic, as a script would call it). */
class AdminApiIT {
  private static final HttpClient HTTP = ConsoleServer.plainClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> call(String method, String path) throws Exception {
    return ConsoleServer.callAsAdmin(method, path);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = call("GET", path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void pipelineListsTheFourStagesWithCountersRatesAndHealth() throws Exception {
    JsonNode p = get("/admin/api/pipeline");

    assertThat(p.get("health").asText()).isIn("UP", "DOWN");
    assertThat(p.get("stages")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(p.get("stages").findValuesAsText("stage")).startsWith("ingestion", "enrich", "bigquery", "archive");
    JsonNode first = p.get("stages").get(0);
    assertThat(first.get("enabled").isBoolean()).isTrue();
    assertThat(first.get("health").asText()).isIn("UP", "DOWN", "UNKNOWN", "OFF");
    for (String counter : new String[] {"received", "published", "acked", "nacked", "deadLettered", "inFlight"}) {
      assertThat(first.get("counters").has(counter)).as(counter).isTrue();
    }
    assertThat(first.at("/rates/received/lastMinute").isNumber()).isTrue();
    assertThat(first.at("/rates/received/last5Minutes").isNumber()).isTrue();
  }

  @Test
  void throughputHistoryIsColumnsInFiveSecondSteps() throws Exception {
    JsonNode h = get("/admin/api/pipeline/history");

    assertThat(h.get("stepSeconds").asInt()).isEqualTo(5);
    assertThat(h.get("times").isArray()).isTrue();
    for (JsonNode s : h.get("series")) {
      assertThat(s.get("values")).hasSameSizeAs(h.get("times"));
    }
  }

  @Test
  void cacheSaysWhetherItIsAvailableAndWhyNot() throws Exception {
    JsonNode c = get("/admin/api/cache");

    assertThat(c.get("available").isBoolean()).isTrue();
    if (!c.get("available").asBoolean()) {
      assertThat(c.get("note").asText()).isNotBlank();
      assertThat(call("POST", "/admin/api/cache/invalidate/it-device").statusCode()).isEqualTo(503);
    } else {
      assertThat(c.get("tiers").get(0).has("hitRatio")).isTrue();
      assertThat(call("POST", "/admin/api/cache/invalidate/it-device").statusCode()).isEqualTo(200);
      assertAudited("cache.invalidate", "it-device");
    }
  }

  @Test
  void archiveListsPendingGroupsAndFlushOfAnUnknownGroupIs404() throws Exception {
    JsonNode a = get("/admin/api/archive/batches");

    assertThat(a.get("available").isBoolean()).isTrue();
    HttpResponse<String> flush = call("POST", "/admin/api/archive/batches/2026/11/25/it-unknown/flush");
    if (a.get("available").asBoolean()) {
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(404);
      assertThat(JSON.readTree(flush.body()).get("target").asText()).isEqualTo("2026/11/25/it-unknown");
      assertAudited("archive.flush", "2026/11/25/it-unknown");
      HttpResponse<String> all = call("POST", "/admin/api/archive/batches/flush");
      assertThat(all.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(all.body()).get("by").asText()).isEqualTo(ConsoleServer.adminUser());
    } else {
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(503);
      assertThat(a.get("note").asText()).isNotBlank();
    }
  }

  @Test
  void deadLettersAreAListNoLongerThanTheLimit() throws Exception {
    JsonNode d = get("/admin/api/dead-letters?limit=3");

    assertThat(d.isArray()).isTrue();
    assertThat(d.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void theApiIsDocumentedByOpenApi() throws Exception {
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(ConsoleServer.uri("/openapi")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    // Paths are relative to the server URL .../admin that the document lists.
    assertThat(r.body())
        .contains("/api/pipeline:", "/api/archive/batches/flush:", "/api/demo/start:", "dataflow admin API", "X-Requested-By");
    // Each of the five mutations (cache invalidate, flush one, flush all, demo start and stop)
    // references the CSRF header.
    assertThat(r.body().split("#/components/parameters/X-Requested-By", -1)).hasSize(6);
  }

  private static void assertAudited(String action, String target) {
    ConsoleServer.assertAudited(action, target);
  }
}
