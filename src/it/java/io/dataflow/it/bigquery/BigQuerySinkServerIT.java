package io.dataflow.it.bigquery;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery stage on the deployed EAR with its embedded default: MQTT messages in, rows in the
 * H2 store under the data directory out, counted by a query over the store's AUTO_SERVER URL (the
 * way docs/bigquery.md tells users to query it).
 */
class BigQuerySinkServerIT {
  private static final int MESSAGES = 10_000;
  private static final int DEVICES = 10;

  @BeforeAll
  static void broker() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  private static long query(String sql, String run) throws Exception {
    try (Connection c = Stores.warehouse();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, run + "-%");
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void tenThousandMqttMessagesBecomeTenThousandRowsWithTheirColumns() throws Exception {
    String run = "bq" + System.currentTimeMillis();
    double ingested = Metrics.stageMessages("ingestion", "acked");
    double received = Metrics.stageMessages("bigquery", "received");
    try (MqttPublisher c = new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (int i = 0; i < MESSAGES; i++) {
        c.publish("devices/" + run + "-" + (i % DEVICES) + "/telemetry", "{\"seq\":" + i + "}");
      }
      c.flush();
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> Metrics.stageMessages("ingestion", "acked") >= ingested + MESSAGES);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Metrics.stageMessages("bigquery", "received") > received);

    String where = " FROM TELEMETRY WHERE DEVICE_ID LIKE ?";
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(() -> assertThat(query("SELECT COUNT(*)" + where, run)).isEqualTo(MESSAGES));
    assertThat(query("SELECT COUNT(DISTINCT MESSAGE_ID)" + where, run)).isEqualTo(MESSAGES);
    assertThat(query("SELECT COUNT(DISTINCT DEVICE_ID)" + where, run)).isEqualTo(DEVICES);
    assertThat(query("SELECT COUNT(DISTINCT PAYLOAD)" + where, run)).isEqualTo(MESSAGES);
    assertThat(query("SELECT COUNT(*)" + where + " AND PAYLOAD LIKE '{\"seq\":%}'", run))
        .isEqualTo(MESSAGES);
    assertThat(
            query(
                "SELECT COUNT(*)"
                    + where
                    + " AND EVENT_TIME IS NOT NULL AND RECEIVED_AT IS NOT NULL"
                    + " AND ATTRIBUTES LIKE '{%}'",
                run))
        .isEqualTo(MESSAGES);
  }
}
