package io.dataflow.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.Stores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flow 3 of the operator workflows, on its own all-in-one server (archive groups by device, sealed
 * after 8 s): a held group outlives its age limit with its records pending while the warehouse has
 * them; released, it is stored. A dropped group's records go to the dead letter with reason {@code
 * operator-drop}; replayed from there they reach the archive only, not the warehouse again.
 */
class ArchiveHoldDropIT {
  private static final String ADMIN_PASSWORD = "hold-admin-pw";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OperationsServer ops;

  @BeforeAll
  static void start() throws Exception {
    ops =
        OperationsServer.start(
            "hold",
            ADMIN_PASSWORD,
            Map.of(
                "DATAFLOW_BIGQUERY_MAX_BATCH_AGE", "1s",
                "DATAFLOW_ARCHIVE_KEY_TEMPLATE", "{deviceId}",
                "DATAFLOW_ARCHIVE_MAX_BATCH_AGE", "8s",
                "DATAFLOW_ARCHIVE_MAX_IDLE", "6s"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ops != null) {
      ops.close();
    }
  }

  private static HttpResponse<String> call(String method, String path, String body)
      throws Exception {
    return ops.call(method, path, body);
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Optional<JsonNode> pending(String key) throws Exception {
    for (JsonNode g : ok(call("GET", "/admin/api/archive/batches", null)).get("groups")) {
      if (g.get("key").asText().equals(key)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private static void publish(String device, int n) throws Exception {
    try (MqttPublisher c = new MqttPublisher(ops.broker().url())) {
      for (int i = 0; i < n; i++) {
        c.publish("devices/" + device + "/telemetry", "{\"seq\":" + i + "}");
      }
      c.flush();
    }
  }

  /** Warehouse rows of a device: how many, and how many carry the replay attribute. */
  private static long[] warehouse(String device) throws Exception {
    Path data = ops.data();
    if (!Files.exists(data.resolve("warehouse"))) {
      return new long[] {0, 0};
    }
    try (Connection c = Stores.warehouse(data);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT COUNT(*), SUM(CASE WHEN ATTRIBUTES LIKE '%dataflow.replay.of%' THEN 1"
                    + " ELSE 0 END) FROM TELEMETRY WHERE DEVICE_ID = ?")) {
      st.setString(1, device);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** Archive records of a device. */
  private static List<JsonNode> archive(String device) throws Exception {
    List<JsonNode> records = new ArrayList<>();
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
          if (record.path("deviceId").asText().equals(device)) {
            records.add(record);
          }
        }
      }
    }
    return records;
  }

  private static String path(String key, String action) {
    return "/admin/api/archive/batches/"
        + URLEncoder.encode(key, StandardCharsets.UTF_8)
        + "/"
        + action;
  }

  @Test
  void aHeldGroupOutlivesItsAgeLimitAndIsStoredWhenReleased() throws Exception {
    String device = "hold" + System.currentTimeMillis();
    publish(device, 40);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pending(device).map(g -> g.get("records").asInt() == 40).orElse(false));

    JsonNode held = ok(call("POST", path(device, "hold"), null));
    assertThat(held.get("done").asBoolean()).isTrue();
    Thread.sleep(Duration.ofSeconds(12).toMillis()); // past the 8 s age and 6 s idle limits

    JsonNode g = pending(device).orElseThrow();
    assertThat(g.get("held").asBoolean()).isTrue();
    assertThat(g.get("records").asInt()).isEqualTo(40);
    assertThat(archive(device)).isEmpty();
    assertThat(warehouse(device)[0]).isEqualTo(40);

    assertThat(ok(call("POST", path(device, "release"), null)).get("done").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> archive(device).size() == 40);
    assertThat(pending(device)).isEmpty();
    assertThat(call("POST", path(device, "release"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void aDroppedGroupGoesToTheDeadLetterAndItsReplayReachesTheArchiveOnly() throws Exception {
    String device = "drop" + System.currentTimeMillis();
    publish(device, 30);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pending(device).map(g -> g.get("records").asInt() == 30).orElse(false));
    await().atMost(Duration.ofSeconds(15)).until(() -> warehouse(device)[0] == 30);

    JsonNode dropped = ok(call("POST", path(device, "drop"), null));
    assertThat(dropped.get("count").asInt()).isEqualTo(30);
    assertThat(pending(device)).isEmpty();
    String filter =
        "{\"stage\":\"archive\",\"reason\":\"operator-drop\",\"deviceId\":\"" + device + "\"";
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                ok(call("POST", "/admin/api/dead-letters/replay", filter + ",\"dryRun\":true}"))
                        .get("matched")
                        .asInt()
                    == 30);
    Thread.sleep(Duration.ofSeconds(10).toMillis()); // nothing of the group is archived meanwhile
    assertThat(archive(device)).isEmpty();

    JsonNode replay = ok(call("POST", "/admin/api/dead-letters/replay", filter + "}"));
    assertThat(replay.get("replayed").asInt()).isEqualTo(30);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> archive(device).size() == 30); // sealed by age after the replay
    assertThat(archive(device))
        .allSatisfy(r -> assertThat(r.at("/attributes/dataflow.replay.of").asText()).isNotEmpty());
    // The warehouse still has the 30 rows of the first delivery, none from the replay: it was
    // addressed to the archive's subscription only.
    assertThat(warehouse(device)).containsExactly(30, 0);
  }
}
