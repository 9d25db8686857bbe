package io.dataflow.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.Metrics;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.Stores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flow 1 of the operator workflows, on its own all-in-one server (local bus, every stage, unknown
 * devices dead-lettered): telemetry of a device that is not in the device file is dead-lettered by
 * enrich; the device is added to the file, which the server reloads without a restart; a replay
 * through the admin API puts the messages into both sinks with the new metadata and their original
 * envelope ids, and the dead letters are marked replayed. Also the API's answers to bad input.
 */
class DeadLetterReplayIT {
  private static final int MESSAGES = 500;
  private static final String ADMIN_PASSWORD = "replay-admin-pw";
  private static final String VIEWER_PASSWORD = "replay-viewer-pw";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path devices;
  private static OperationsServer ops;

  @BeforeAll
  static void start() throws Exception {
    devices = OperationsServer.workDirectory("replay").resolve("devices.json");
    Files.writeString(devices, "[{\"id\":\"known\",\"name\":\"Known\",\"location\":\"lab\"}]");
    Map<String, String> env = new HashMap<>();
    env.put("DATAFLOW_DEVICES_FILE", devices.toString());
    env.put("DATAFLOW_DEVICES_FILE_CHECK_INTERVAL", "1s");
    env.put("DATAFLOW_ENRICH_UNKNOWN_DEVICE", "dead-letter");
    env.put("DATAFLOW_ADMIN_VIEWER_PASSWORD", VIEWER_PASSWORD);
    env.put("DATAFLOW_BIGQUERY_MAX_BATCH_AGE", "1s");
    env.put("DATAFLOW_ARCHIVE_KEY_TEMPLATE", "{deviceId}");
    env.put("DATAFLOW_ARCHIVE_MAX_BATCH_AGE", "3s");
    env.put("DATAFLOW_ARCHIVE_MAX_IDLE", "1s");
    ops = OperationsServer.start("replay", ADMIN_PASSWORD, env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ops != null) {
      ops.close();
    }
  }

  private static HttpResponse<String> post(
      String path, String body, String user, String pw, boolean csrf) throws Exception {
    return ops.call("POST", path, body, user, pw, csrf);
  }

  private static HttpResponse<String> replay(String body) throws Exception {
    return post("/admin/api/dead-letters/replay", body, "admin", ADMIN_PASSWORD, true);
  }

  private static JsonNode deadLetters(String device) throws Exception {
    HttpResponse<String> r = ops.call("GET", "/admin/api/dead-letters?limit=500", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> mine = new ArrayList<>();
    JSON.readTree(r.body())
        .forEach(
            d -> {
              if (d.get("deviceId").asText().equals(device)) {
                mine.add(d);
              }
            });
    return JSON.valueToTree(mine);
  }

  /** Warehouse rows of a device: envelope id -> location, the probes left out. */
  private static Map<String, String> warehouse(String device) throws Exception {
    return rows(device, "NOT LIKE");
  }

  /** Locations of the probes of a device in the warehouse. */
  private static List<String> probes(String device) throws Exception {
    return List.copyOf(rows(device, "LIKE").values());
  }

  private static Map<String, String> rows(String device, String probe) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    Path data = ops.data();
    if (!Files.exists(data.resolve("warehouse"))) {
      return rows;
    }
    try (Connection c = Stores.warehouse(data);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT MESSAGE_ID, LOCATION FROM TELEMETRY WHERE DEVICE_ID = ? AND PAYLOAD "
                    + probe
                    + " '%probe%'")) {
      st.setString(1, device);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return rows;
  }

  /** Archive records of a device: envelope id -> its enrichment location. */
  private static Map<String, String> archive(String device) throws Exception {
    Map<String, String> records = new TreeMap<>();
    Path root = ops.data().resolve("archive");
    if (!Files.exists(root)) {
      return records;
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(root)) {
      objects =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".jsonl.gz"))
              .toList();
    }
    for (Path object : objects) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(object)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode record = JSON.readTree(line);
          if (record.path("deviceId").asText().equals(device)
              && !record.path("payload").has("probe")) {
            records.put(record.path("id").asText(), record.at("/enrichment/location").asText());
          }
        }
      }
    }
    return records;
  }

  @Test
  void unknownDeviceDeadLettersAreReplayedAfterTheDeviceIsAddedToTheFile() throws Exception {
    String device = "late" + System.currentTimeMillis();
    try (MqttPublisher c = new MqttPublisher(ops.broker().url())) {
      for (int i = 0; i < MESSAGES; i++) {
        c.publish("devices/" + device + "/telemetry", "{\"seq\":" + i + "}");
      }
      c.flush();
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> deadLetters(device).size() == MESSAGES);
    List<String> deadIds = new ArrayList<>();
    deadLetters(device)
        .forEach(
            d -> {
              assertThat(d.get("reason").asText()).isEqualTo("unknown-device");
              assertThat(d.get("state").asText()).isEqualTo("dead");
              deadIds.add(d.get("id").asText());
            });
    assertThat(warehouse(device)).isEmpty();

    // The device is added; the server reloads the file within seconds, without a restart.
    long changed = System.nanoTime();
    Files.writeString(
        devices,
        "[{\"id\":\"known\",\"name\":\"Known\",\"location\":\"lab\"},"
            + "{\"id\":\""
            + device
            + "\",\"name\":\"Late\",\"location\":\"roof\"}]");
    // A probe of the same device (cached as unknown until the reload invalidates it) is enriched.
    try (MqttPublisher c = new MqttPublisher(ops.broker().url())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                c.publish("devices/" + device + "/telemetry", "{\"probe\":true}");
                return !probes(device).isEmpty();
              });
    }
    System.out.printf(
        "measure: device added to the file was enriched %d ms after the file changed%n",
        (System.nanoTime() - changed) / 1_000_000);
    assertThat(probes(device)).containsOnly("roof");

    String filter =
        "{\"stage\":\"enrich\",\"reason\":\"unknown-device\",\"deviceId\":\"" + device + "\"";
    HttpResponse<String> dry = replay(filter + ",\"dryRun\":true}");
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(JSON.readTree(dry.body()).get("matched").asInt()).isEqualTo(MESSAGES);
    assertThat(JSON.readTree(dry.body()).get("replayed").asInt()).isZero();

    long start = System.nanoTime();
    HttpResponse<String> r = replay(filter + "}");
    long replayMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(r.body());
    assertThat(result.get("matched").asInt()).isEqualTo(MESSAGES);
    assertThat(result.get("replayed").asInt()).isEqualTo(MESSAGES);
    assertThat(result.get("refused")).isEmpty();

    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> warehouse(device).size() == MESSAGES && archive(device).size() == MESSAGES);
    long endToEndMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "measure: replay of %d dead letters answered in %d ms (%.0f/s); in both sinks after %d ms%n",
        MESSAGES, replayMillis, MESSAGES * 1000.0 / replayMillis, endToEndMillis);

    assertThat(warehouse(device).keySet()).containsExactlyInAnyOrderElementsOf(deadIds);
    assertThat(warehouse(device).values()).containsOnly("roof");
    assertThat(archive(device).keySet()).containsExactlyInAnyOrderElementsOf(deadIds);
    assertThat(archive(device).values()).containsOnly("roof");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                deadLetters(device)
                    .forEach(
                        d -> {
                          assertThat(d.get("state").asText()).isEqualTo("replayed");
                          assertThat(d.get("replayedBy").asText()).isEqualTo("admin");
                        }));

    // The same filter again replays nothing: they are marked.
    JsonNode again = JSON.readTree(replay(filter + "}").body());
    assertThat(again.get("replayed").asInt()).isZero();
    assertThat(again.get("refusedCount").asInt()).isEqualTo(MESSAGES);
    assertThat(again.at("/refused/0/refusal").asText()).startsWith("already replayed at");
  }

  @Test
  void anInvalidDeviceFileKeepsThePreviousRegistryWithAMetricAndAReadinessReason()
      throws Exception {
    String valid = Files.readString(devices);
    try {
      Files.writeString(devices, "[{\"name\":\"no id\"}]");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  Metrics.value(
                          Metrics.scrape(ops.server(), "application"),
                          "dataflow_enrich_devices_file_valid")
                      == 0);
      String metrics = Metrics.scrape(ops.server(), "application");
      assertThat(
              Metrics.value(metrics, "dataflow_enrich_devices_reloads_total", "outcome=\"failed\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(Metrics.value(metrics, "dataflow_enrich_devices")).isGreaterThanOrEqualTo(1);
      HttpResponse<String> ready = ops.server().get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200); // still ready: the previous registry is used
      assertThat(ready.body())
          .contains("\"device-file\":\"invalid, previous registry in use\"")
          .contains("\"degraded\":true");
      assertThat(Files.readString(ops.server().log()))
          .contains("is invalid; the previous registry of")
          .contains("device 1 has no 'id'");
    } finally {
      Files.writeString(devices, valid);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                Metrics.value(
                        Metrics.scrape(ops.server(), "application"),
                        "dataflow_enrich_devices_file_valid")
                    == 1);
    assertThat(ops.server().get("/health/ready").body()).doesNotContain("device-file");
  }

  @Test
  void badFiltersAreRefusedWithAClearError() throws Exception {
    HttpResponse<String> stage = replay("{\"stage\":\"nope\"}");
    assertThat(stage.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(stage.body()).get("error").asText())
        .isEqualTo("unknown stage 'nope'; one of ingestion, enrich, bigquery, archive");

    HttpResponse<String> range =
        replay("{\"from\":\"2026-12-02T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\"}");
    assertThat(range.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(range.body()).get("error").asText())
        .isEqualTo("from (2026-12-02T00:00:00Z) is after to (2026-12-01T00:00:00Z)");

    StringBuilder ids = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < 1001; i++) {
      ids.append(i == 0 ? "" : ",").append("\"id").append(i).append('"');
    }
    HttpResponse<String> many = replay(ids.append("]}").toString());
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(many.body()).get("error").asText())
        .isEqualTo("too many ids: 1001 given, at most 1000 (dataflow.deadletter.replay.max-ids)");
  }

  @Test
  void aViewerAndARequestWithoutTheCsrfHeaderAreForbidden() throws Exception {
    HttpResponse<String> viewer =
        post(
            "/admin/api/dead-letters/replay",
            "{\"stage\":\"enrich\",\"dryRun\":true}",
            "viewer",
            VIEWER_PASSWORD,
            true);
    assertThat(viewer.statusCode()).isEqualTo(403);

    HttpResponse<String> noCsrf =
        post(
            "/admin/api/dead-letters/replay",
            "{\"stage\":\"enrich\",\"dryRun\":true}",
            "admin",
            ADMIN_PASSWORD,
            false);
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("missing header X-Requested-By (CSRF protection)");
  }
}
