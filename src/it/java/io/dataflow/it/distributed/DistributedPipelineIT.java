package io.dataflow.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.LibertyServer;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.testing.PubSubEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline over Pub/Sub (official emulator) in two Liberty servers with different stage
 * sets: {@code ingestion,enrich} and {@code bigquery,archive} (both sinks on their embedded
 * stores). 10,000 MQTT messages reach both sinks with nothing lost, while the sink server is killed
 * with SIGKILL in the middle of the run and restarted; duplicates are counted and printed.
 */
class DistributedPipelineIT {
  private static final String PROJECT = "dataflow-pipeline-it";
  private static final int MESSAGES = 10_000;
  private static final int DEVICES = 10;
  private static Path work;
  private static PubSubEmulator emulator;
  private static Mosquitto broker;
  private static LibertyServer front;
  private static LibertyServer sinks;

  @BeforeAll
  static void start() throws Exception {
    PubSubEmulator.assumeInstalled();
    Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    Assumptions.assumeTrue(
        LibertyServer.runtimeInstalled(), "SKIPPED: no Liberty runtime at wlp.home");
    work = LibertyServer.dataDirectory("it-pipeline");
    emulator = PubSubEmulator.start(work.resolve("pubsub-emulator.log"));
    broker = new Mosquitto(Mosquitto.freePort()).start();

    Map<String, String> common = new HashMap<>();
    common.put("DATAFLOW_BUS", "pubsub");
    common.put("DATAFLOW_PUBSUB_PROJECT_ID", PROJECT);
    common.put("DATAFLOW_PUBSUB_EMULATOR_HOST", emulator.host());
    common.put("DATAFLOW_PUBSUB_CREATE_TOPICS", "true");
    Map<String, String> sinkEnv = new HashMap<>(common);
    sinkEnv.put("DATAFLOW_STAGES", "bigquery,archive");
    sinkEnv.put("DATAFLOW_DATA_DIR", sinkData().toString());
    sinkEnv.put("DATAFLOW_BIGQUERY_MAX_BATCH_AGE", "2s");
    sinkEnv.put("DATAFLOW_ARCHIVE_KEY_TEMPLATE", "{deviceId}");
    sinkEnv.put("DATAFLOW_ARCHIVE_MAX_BATCH_AGE", "5s");
    sinkEnv.put("DATAFLOW_ARCHIVE_MAX_IDLE", "2s");
    sinks =
        new LibertyServer("dataflow-sinks", Mosquitto.freePort(), Mosquitto.freePort(), sinkEnv);
    Map<String, String> frontEnv = new HashMap<>(common);
    frontEnv.put("DATAFLOW_STAGES", "ingestion,enrich");
    frontEnv.put("DATAFLOW_DATA_DIR", work.resolve("front-data").toAbsolutePath().toString());
    frontEnv.put("DATAFLOW_MQTT_URL", broker.url());
    frontEnv.put("DATAFLOW_MQTT_CLIENT_ID", "dataflow-pipeline-it");
    frontEnv.put("DATAFLOW_MQTT_RECONNECT_MAX_DELAY", "2s");
    front =
        new LibertyServer("dataflow-front", Mosquitto.freePort(), Mosquitto.freePort(), frontEnv);

    // The sinks' subscriptions on enriched must exist before anything is published there.
    sinks.start();
    sinks.awaitReady();
    front.start();
    front.awaitReady();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {front, sinks, broker, emulator}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static Path sinkData() {
    return work.resolve("sink-data").toAbsolutePath();
  }

  @Test
  void tenThousandMqttMessagesReachBothSinksAcrossAKillDashNineOfTheSinkServer() throws Exception {
    String run = "dist" + System.currentTimeMillis();
    long start = System.nanoTime();
    try (MqttPublisher devices = new MqttPublisher(broker.url())) {
      for (int i = 0; i < MESSAGES; i++) {
        devices.publish(
            "devices/" + run + "-" + (i % DEVICES) + "/telemetry", "{\"seq\":" + i + "}");
      }
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> SinkOutputs.warehouseIds(sinkData(), run).size() >= MESSAGES * 3 / 10);
    sinks.kill();
    int rowsAtKill = SinkOutputs.warehouseIds(sinkData(), run).size();
    System.out.println(
        "Distributed pipeline IT: sink server killed with SIGKILL at " + rowsAtKill + " rows");
    sinks.start();
    sinks.awaitReady();

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        new HashSet<>(SinkOutputs.warehouseIds(sinkData(), run)).size()
                            + " rows, "
                            + new HashSet<>(SinkOutputs.archiveIds(sinkData(), run)).size()
                            + " archived")
                    .isEqualTo(MESSAGES + " rows, " + MESSAGES + " archived"));
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(5_000); // late redeliveries land in the count
    List<String> rows = SinkOutputs.warehouseIds(sinkData(), run);
    List<String> records = SinkOutputs.archiveIds(sinkData(), run);
    int distinctRows = new HashSet<>(rows).size();
    int distinctRecords = new HashSet<>(records).size();
    System.out.printf(
        "Distributed pipeline IT: %d MQTT messages -> 2 servers over Pub/Sub in %.1f s (kill and restart"
            + " included): bigquery %d rows (%d extra; the store merges on the id); archive %d distinct"
            + " records, %d duplicates%n",
        MESSAGES,
        seconds,
        distinctRows,
        rows.size() - distinctRows,
        distinctRecords,
        records.size() - distinctRecords);
    assertThat(distinctRows).isEqualTo(MESSAGES);
    assertThat(distinctRecords).isEqualTo(MESSAGES);
  }
}
