package io.dataflow.it.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.Metrics;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two ingestion routes end to end, black box: the IT server is configured (dataflow-it/pom.xml,
 * {@code dataflow.ingest.routes}) with
 *
 * <pre>
 * telemetry=devices/{deviceId}/telemetry@1
 * fleet-status=fleet/{site}/{deviceId}/status@1
 * </pre>
 *
 * whose device ids sit at different levels of the topic. Devices publish on both through the shared
 * Mosquitto; every message comes out of both sinks (rows of the H2 warehouse, records of the local
 * archive) with the device id of its own route's pattern, and in the archive, which keeps the whole
 * envelope, with the name of the route that matched and the topic it came on.
 */
class TwoRoutesServerIT {
  private static final int PER_ROUTE = 15;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void broker() throws Exception {
    Stores.awaitServerWithSharedBroker();
  }

  /** What a device published: the topic, and the route and device id the server must find in it. */
  private record Sent(String topic, String route, String deviceId) {}

  @Test
  void messagesOfBothRoutesReachBothSinksWithTheirDeviceIdAndRouteName() throws Exception {
    String run = "routes" + System.currentTimeMillis();
    Map<Integer, Sent> sent = new HashMap<>();
    double acked = Metrics.stageMessages("ingestion", "acked");
    try (MqttPublisher devices =
        new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (int i = 0; i < PER_ROUTE * 2; i++) {
        Sent s =
            i % 2 == 0
                ? new Sent("devices/" + run + "-t" + i + "/telemetry", "telemetry", run + "-t" + i)
                : new Sent(
                    "fleet/site-" + (i % 3) + "/" + run + "-s" + i + "/status",
                    "fleet-status",
                    run + "-s" + i);
        sent.put(i, s);
        devices.publish(s.topic(), "{\"run\":\"" + run + "\",\"seq\":" + i + "}");
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Metrics.stageMessages("ingestion", "acked") >= acked + PER_ROUTE * 2);

    // Warehouse: one row per message, under the device id taken from its route's pattern.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(warehouseDevices(run)).hasSize(PER_ROUTE * 2));
    Map<Integer, String> rows = warehouseDevices(run);
    sent.forEach((seq, s) -> assertThat(rows.get(seq)).as("row of " + s).isEqualTo(s.deviceId()));

    // Archive: seal the pending groups now rather than after their idle limit.
    Stores.flushArchive();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(Stores.archivedBySeq(run)).hasSize(PER_ROUTE * 2));
    Map<Integer, JsonNode> records = Stores.archivedBySeq(run);
    long telemetry = 0;
    for (Map.Entry<Integer, Sent> e : sent.entrySet()) {
      JsonNode record = records.get(e.getKey());
      Sent s = e.getValue();
      assertThat(record.path("deviceId").asText()).as("device id of " + s).isEqualTo(s.deviceId());
      assertThat(record.at("/source/route").asText()).as("route of " + s).isEqualTo(s.route());
      assertThat(record.at("/source/topic").asText()).as("topic of " + s).isEqualTo(s.topic());
      telemetry += s.route().equals("telemetry") ? 1 : 0;
    }
    assertThat(telemetry).isEqualTo(PER_ROUTE);
  }

  /** Seq (from the payload) to device id, of the warehouse rows of this run. */
  private static Map<Integer, String> warehouseDevices(String run) throws Exception {
    Map<Integer, String> rows = new HashMap<>();
    try (Connection c = Stores.warehouse();
        PreparedStatement st =
            c.prepareStatement("SELECT DEVICE_ID, PAYLOAD FROM TELEMETRY WHERE DEVICE_ID LIKE ?")) {
      st.setString(1, run + "-%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.put(JSON.readTree(rs.getString(2)).get("seq").asInt(), rs.getString(1));
        }
      }
    }
    return rows;
  }
}
