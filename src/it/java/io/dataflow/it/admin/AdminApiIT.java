package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the admin API answers an administrator (HTTP Basic, as a script would call it), on the IT
 * server, which runs every stage: the cache and archive answers are checked against telemetry this
 * test publishes, never accepted as "unavailable".
 */
class AdminApiIT {
  private static final HttpClient HTTP = ConsoleServer.plainClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cache and archive tests publish telemetry through the broker the server uses. */
  @BeforeAll
  static void broker() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

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
    assertThat(p.get("stages").findValuesAsText("stage"))
        .startsWith("ingestion", "enrich", "bigquery", "archive");
    JsonNode first = p.get("stages").get(0);
    assertThat(first.get("enabled").isBoolean()).isTrue();
    assertThat(first.get("health").asText()).isIn("UP", "DOWN", "UNKNOWN", "OFF");
    for (String counter :
        new String[] {"received", "published", "acked", "nacked", "deadLettered", "inFlight"}) {
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
  void cacheListsItsTiersAndInvalidatesADeviceItHolds() throws Exception {
    JsonNode c = get("/admin/api/cache");
    // The IT server runs every stage, enrich included, with no Redis: L1 Caffeine and L3 the file.
    assertThat(c.get("available").asBoolean()).as(c.toString()).isTrue();
    assertThat(c.get("tiers").findValuesAsText("tier")).containsExactly("l1-caffeine", "l3-file");
    for (JsonNode tier : c.get("tiers")) {
      for (String field :
          new String[] {
            "hits", "misses", "negativeHits", "errors", "hitRatio", "size", "meanLatencyMicros"
          }) {
        assertThat(tier.get(field).isNumber()).as(tier + " " + field).isTrue();
      }
      assertThat(tier.get("available").asBoolean()).as(tier.toString()).isTrue();
    }

    // d42 is in liberty/devices.json: one message makes the lookup load it into L1.
    long lookups = l1Lookups();
    publish("devices/d42/telemetry", "{\"temperature\":21}");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> l1Lookups() > lookups);

    HttpResponse<String> held = call("POST", "/admin/api/cache/invalidate/d42");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
    JsonNode done = JSON.readTree(held.body());
    assertThat(done.get("action").asText()).isEqualTo("cache.invalidate");
    assertThat(done.get("target").asText()).isEqualTo("d42");
    assertThat(done.get("done").asBoolean()).as(held.body()).isTrue();
    assertThat(done.get("by").asText()).isEqualTo(ConsoleServer.adminUser());
    assertAudited("cache.invalidate", "d42");
    // Dropped: a second invalidation finds it in no tier.
    HttpResponse<String> again = call("POST", "/admin/api/cache/invalidate/d42");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("done").asBoolean()).as(again.body()).isFalse();
  }

  @Test
  void archiveListsAPendingGroupAndFlushingItWritesItsObject() throws Exception {
    JsonNode a = get("/admin/api/archive/batches");
    assertThat(a.get("available").asBoolean()).as(a.toString()).isTrue();

    // 20 records of d43 (plant-north) on an event day of their own: one group, pending until its
    // idle limit (30 s), which is long enough to flush it by hand.
    LocalDate day = LocalDate.of(2001, 1, 1).plusDays(System.currentTimeMillis() / 1000 % 3650);
    String key =
        String.format(
            "%04d/%02d/%02d/plant-north", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    for (int i = 0; i < 20; i++) {
      publish(
          "devices/d43/telemetry", "{\"ts\":\"" + day.atTime(12, 0, i) + "Z\",\"seq\":" + i + "}");
    }
    JsonNode group =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> pendingGroup(key), g -> g != null && g.get("records").asLong() == 20);
    assertThat(group.get("rawBytes").asLong()).isPositive();
    assertThat(group.get("compressedBytes").asLong()).isPositive();
    // Arrival time, not event time: within the last minute.
    assertThat(Instant.parse(group.get("oldestRecordAt").asText()))
        .isAfter(Instant.now().minusSeconds(60));
    assertThat(group.get("sealReason").asText()).isEqualTo("idle");
    assertThat(group.get("sealsInSeconds").asLong()).isBetween(0L, 30L);

    HttpResponse<String> flush = call("POST", "/admin/api/archive/batches/" + key + "/flush");
    assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
    JsonNode flushed = JSON.readTree(flush.body());
    assertThat(flushed.get("target").asText()).isEqualTo(key);
    assertThat(flushed.get("done").asBoolean()).isTrue();
    assertThat(flushed.get("count").asInt()).isEqualTo(1);
    assertAudited("archive.flush", key);
    assertThat(pendingGroup(key)).isNull();
    // The sealed group is written to the local store: <data-dir>/archive/<key>/<name>.jsonl.gz.
    Path folder = ServerUnderTest.dataDir().resolve("archive").resolve(key);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(recordCounts(folder)).containsExactly(20));
  }

  @Test
  void flushOfAnUnknownGroupIs404AndFlushAllAnswersWhoAsked() throws Exception {
    HttpResponse<String> flush =
        call("POST", "/admin/api/archive/batches/2026/11/25/it-unknown/flush");
    assertThat(flush.statusCode()).as(flush.body()).isEqualTo(404);
    assertThat(JSON.readTree(flush.body()).get("target").asText())
        .isEqualTo("2026/11/25/it-unknown");
    assertAudited("archive.flush", "2026/11/25/it-unknown");

    HttpResponse<String> all = call("POST", "/admin/api/archive/batches/flush");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(all.body()).get("by").asText()).isEqualTo(ConsoleServer.adminUser());
    assertThat(JSON.readTree(all.body()).get("target").asText()).isEqualTo("*");
    assertAudited("archive.flush-all", "*");
  }

  /** Lookups L1 has answered or missed so far. */
  private static long l1Lookups() throws Exception {
    JsonNode l1 = get("/admin/api/cache").get("tiers").get(0);
    return l1.get("hits").asLong() + l1.get("negativeHits").asLong() + l1.get("misses").asLong();
  }

  /** The pending group of that key, or null. */
  private static JsonNode pendingGroup(String key) throws Exception {
    for (JsonNode g : get("/admin/api/archive/batches").get("groups")) {
      if (g.get("key").asText().equals(key)) {
        return g;
      }
    }
    return null;
  }

  /** The record-count metadata of each object in a folder of the local archive. */
  private static List<Integer> recordCounts(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> metas =
          files.filter(f -> f.getFileName().toString().endsWith(".jsonl.gz.meta.json")).toList();
      List<Integer> counts = new ArrayList<>();
      for (Path meta : metas) {
        counts.add(JSON.readTree(meta.toFile()).path("metadata").path("record-count").asInt());
      }
      return counts;
    }
  }

  private static void publish(String topic, String payload) throws Exception {
    try (MqttPublisher publisher =
        new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      publisher.publish(topic, payload);
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
        HTTP.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/openapi")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    // Paths are relative to the server URL .../admin that the document lists.
    assertThat(r.body())
        .contains(
            "/api/pipeline:",
            "/api/archive/batches/flush:",
            "/api/demo/start:",
            "dataflow admin API",
            "X-Requested-By");
    // Each of the nine mutations (cache invalidate, flush one, flush all, hold, release, drop,
    // dead-letter replay, demo start and stop) references the CSRF header.
    assertThat(r.body().split("#/components/parameters/X-Requested-By", -1)).hasSize(10);
  }

  private static void assertAudited(String action, String target) {
    ConsoleServer.assertAudited(action, target);
  }
}
