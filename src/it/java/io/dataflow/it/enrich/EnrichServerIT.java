package io.dataflow.it.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.Metrics;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import io.dataflow.it.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The enrich stage on the deployed EAR with its embedded default (the device file
 * liberty/devices.json, no Redis): MQTT messages in, rows of the BigQuery sink's embedded store
 * out, carrying the name, location and service tag of their device from the file; an unregistered
 * device passes through marked {@code enrichment.status=unknown-device}.
 */
class EnrichServerIT {
  private static final int PER_DEVICE = 200;

  @BeforeAll
  static void broker() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  private static List<List<String>> rows(String sql, String run) throws Exception {
    try (Connection c = Stores.warehouse();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, "%\"run\":\"" + run + "\"%");
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  @Test
  void envelopesCarryTheirDeviceMetadataFromTheDeviceFile() throws Exception {
    String run = "en" + System.currentTimeMillis();
    String ghost = run + "-ghost";
    double received = Metrics.stageMessages("enrich", "received");
    try (MqttPublisher c = new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (int i = 0; i < PER_DEVICE; i++) {
        for (String device : List.of("d1", "d2", "d42", ghost)) {
          c.publish(
              "devices/" + device + "/telemetry", "{\"run\":\"" + run + "\",\"seq\":" + i + "}");
        }
      }
      c.flush();
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> Metrics.stageMessages("enrich", "received") >= received + 4 * PER_DEVICE);

    String select =
        "SELECT DEVICE_ID, NAME, LOCATION, SERVICE_TAG, COUNT(*) FROM TELEMETRY WHERE PAYLOAD LIKE ?"
            + " GROUP BY DEVICE_ID, NAME, LOCATION, SERVICE_TAG ORDER BY DEVICE_ID";
    String count = String.valueOf(PER_DEVICE);
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(rows(select, run))
                    .containsExactly(
                        List.of("d1", "Sensor 01", "plant-north", "ST-1001", count),
                        List.of("d2", "Sensor 02", "plant-south", "ST-1002", count),
                        List.of("d42", "Sensor 42", "warehouse-east", "ST-1042", count),
                        java.util.Arrays.asList(ghost, null, null, null, count)));
    assertThat(
            rows(
                "SELECT COUNT(*) FROM TELEMETRY WHERE PAYLOAD LIKE ? AND DEVICE_ID = '"
                    + ghost
                    + "' AND ATTRIBUTES LIKE '%\"enrichment.status\":\"unknown-device\"%'",
                run))
        .containsExactly(List.of(count));
    assertThat(Metrics.stageMessages("enrich", "nacked")).isZero();
  }
}
