package io.dataflow.it.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.LibertyServer;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer.StoredRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Storage Write API writer in committed mode on the deployed EAR: MQTT messages in, rows in the
 * gRPC fake of BigQueryWrite out (the REST fake serves the dataset and table), counted by the
 * {@code seq} of their payload. A real Mosquitto with persistence is the broker of record, so the
 * server's persistent session keeps what the server had not acknowledged across a kill -9.
 */
class StorageWriteServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MESSAGES = 10_000;
  private static final int DEVICES = 10;
  private static final long BASE_TIME = System.currentTimeMillis();

  @Test
  void tenThousandMqttMessagesBecomeExactlyTenThousandRows() throws Exception {
    Assumptions.assumeTrue(Mosquitto.installed(), "mosquitto is not installed");
    try (Mosquitto broker = new Mosquitto(Mosquitto.freePort()).start();
        FakeBigQueryServer rest = new FakeBigQueryServer();
        FakeBigQueryWriteServer bigquery = new FakeBigQueryWriteServer();
        LibertyServer server = server("dataflow-storage-write", broker, rest, bigquery)) {
      server.start();
      server.awaitReady();
      String run = "sw" + System.currentTimeMillis();

      publish(broker, run, 0, MESSAGES);

      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> rowsBySeq(bigquery, run).size() == MESSAGES);
      Map<Integer, Integer> rows = rowsBySeq(bigquery, run);
      assertThat(rows.keySet())
          .containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
      assertThat(rows.values()).as("copies per seq").containsOnly(1);
      assertThat(bigquery.rowsPerMessageId().values()).containsOnly(1);
    }
  }

  @Test
  void aKillOfTheServerAtAboutThreeThousandRowsGivesNeitherMissingNorDuplicatedRows()
      throws Exception {
    Assumptions.assumeTrue(Mosquitto.installed(), "mosquitto is not installed");
    try (Mosquitto broker = new Mosquitto(Mosquitto.freePort()).start();
        FakeBigQueryServer rest = new FakeBigQueryServer();
        FakeBigQueryWriteServer bigquery = new FakeBigQueryWriteServer();
        LibertyServer server = server("dataflow-storage-write-kill", broker, rest, bigquery)) {
      server.start();
      server.awaitReady();
      String run = "swk" + System.currentTimeMillis();

      // The publisher runs on while the server dies: the broker queues for its session.
      Thread load =
          new Thread(
              () -> {
                try {
                  publish(broker, run, 0, MESSAGES);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      load.start();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> bigquery.rows().size() >= 3_000);
      server.kill();
      int atKill = rowsBySeq(bigquery, run).size();
      server.start();
      load.join(Duration.ofMinutes(3).toMillis());

      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> rowsBySeq(bigquery, run).size() == MESSAGES);
      // Whatever is still in flight has time to show up as a duplicate.
      Thread.sleep(10_000);
      Map<Integer, Integer> rows = rowsBySeq(bigquery, run);
      assertThat(atKill).as("rows at the kill").isBetween(1, MESSAGES - 1);
      assertThat(rows.keySet())
          .as("every seq, none missing")
          .containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
      Map<Integer, Integer> duplicated = new TreeMap<>();
      rows.forEach(
          (seq, copies) -> {
            if (copies > 1) {
              duplicated.put(seq, copies);
            }
          });
      assertThat(duplicated)
          .as(
              "seqs stored more than once, their rows: %s",
              rows(bigquery, run).entrySet().stream().filter(e -> e.getValue().size() > 1).toList())
          .isEmpty();
      assertThat(bigquery.rowsPerMessageId().values()).containsOnly(1);
    }
  }

  private static LibertyServer server(
      String name, Mosquitto broker, FakeBigQueryServer rest, FakeBigQueryWriteServer bigquery)
      throws Exception {
    Path data = LibertyServer.dataDirectory(name);
    Map<String, String> env = new HashMap<>();
    env.put("DATAFLOW_DATA_DIR", data.toAbsolutePath().toString());
    env.put("DATAFLOW_MQTT_URL", broker.url());
    // A message the broker delivers again after the kill carries the same envelope id, so the
    // writer's ledger recognises it (docs/bigquery.md, the exactly-once argument).
    env.put("DATAFLOW_INGEST_ID_STRATEGY", "content");
    env.put("DATAFLOW_BIGQUERY_WRITER", "storage-write");
    env.put("DATAFLOW_BIGQUERY_WRITE_MODE", "committed");
    env.put("DATAFLOW_BIGQUERY_PROJECT", "test-project");
    env.put("DATAFLOW_BIGQUERY_HOST", rest.host());
    env.put("DATAFLOW_BIGQUERY_STORAGE_HOST", bigquery.host());
    return new LibertyServer(name, Mosquitto.freePort(), Mosquitto.freePort(), env);
  }

  private static void publish(Mosquitto broker, String run, int from, int to) throws Exception {
    try (MqttPublisher device = new MqttPublisher(broker.url())) {
      for (int i = from; i < to; i++) {
        // The event time is the device's, so a redelivered message has the same content id.
        device.publish(
            "devices/" + run + "-" + (i % DEVICES) + "/telemetry",
            "{\"seq\":" + i + ",\"ts\":" + (BASE_TIME + i) + "}");
      }
      device.flush();
    }
  }

  /** This run's rows in the fake by the seq of their payload: stream@offset and message id. */
  private static Map<Integer, List<String>> rows(FakeBigQueryWriteServer bigquery, String run)
      throws Exception {
    Map<Integer, List<String>> bySeq = new TreeMap<>();
    for (StoredRow row : bigquery.rows()) {
      if (String.valueOf(row.values().get("device_id")).startsWith(run + "-")) {
        int seq = JSON.readTree(String.valueOf(row.values().get("payload"))).get("seq").asInt();
        bySeq
            .computeIfAbsent(seq, k -> new ArrayList<>())
            .add(row.stream() + "@" + row.offset() + " " + row.messageId());
      }
    }
    return bySeq;
  }

  /** Copies per seq of this run's rows in the fake. */
  private static Map<Integer, Integer> rowsBySeq(FakeBigQueryWriteServer bigquery, String run)
      throws Exception {
    Map<Integer, Integer> copies = new TreeMap<>();
    rows(bigquery, run).forEach((seq, rows) -> copies.put(seq, rows.size()));
    return copies;
  }
}
