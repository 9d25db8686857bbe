package io.dataflow.it.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.Metrics;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingestion on the deployed EAR, black box: MQTT in, metrics, dead letters and health out. */
class IngestionServerIT {
  @BeforeAll
  static void broker() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  @Test
  void metricsAreServedAndCountIngestedMessages() throws Exception {
    double before = Metrics.stageMessages("ingestion", "acked");
    try (MqttPublisher c = publisher()) {
      for (int i = 0; i < 200; i++) {
        c.publish("devices/d" + (i % 5) + "/telemetry", "{\"seq\":" + i + "}");
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Metrics.stageMessages("ingestion", "acked"))
                    .isGreaterThanOrEqualTo(before + 200));
    var metrics = ServerUnderTest.metrics("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("dataflow_stage_messages_total");
  }

  @Test
  void oversizePayloadIsDeadLetteredWithReason() throws Exception {
    byte[] big = new byte[300_000];
    java.util.Arrays.fill(big, (byte) 'x');
    try (MqttPublisher c = publisher()) {
      c.publish("devices/big-one/telemetry", big);
    }
    Path file = ServerUnderTest.dataDir().resolve("dead-letters/dead-letters.jsonl");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(file).exists();
              assertThat(Files.readString(file))
                  .contains("\"dlq.reason\":\"oversize\"")
                  .contains("\"deviceId\":\"big-one\"");
            });
  }

  @Test
  void readinessIsDownWhileTheBrokerIsDown() throws Exception {
    Mosquitto broker = SharedBroker.get();
    broker.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(ServerUnderTest.get("/health/ready").statusCode()).isEqualTo(503));
      assertThat(ServerUnderTest.get("/health/ready").body()).contains("ingestion-mqtt");
    } finally {
      broker.start();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(ServerUnderTest.get("/health/ready").statusCode()).isEqualTo(200));
  }

  private static MqttPublisher publisher() throws Exception {
    return new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort());
  }
}
