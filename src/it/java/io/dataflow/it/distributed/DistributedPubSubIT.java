package io.dataflow.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.LibertyServer;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.testing.PubSubEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second Liberty server with only the ingestion stage and every bus channel on {@code
 * dataflow-pubsub} against the official emulator (the build's server keeps the local bus). As a
 * publisher: MQTT messages reach the Pub/Sub topic {@code raw} with nothing lost although the
 * server is killed with SIGKILL in the middle of the run and restarted. As a subscriber: dead
 * letters published to {@code dead-letter} all reach the recorder's store across a SIGKILL.
 * Duplicates are counted and reported. Each test leaves the server running.
 */
class DistributedPubSubIT {
  private static final String PROJECT = "dataflow-it";
  private static final int MESSAGES = 10_000;
  private static Path work;
  private static PubSubEmulator emulator;
  private static Mosquitto broker;
  private static LibertyServer ingestion;
  private static RawTopicTap raw;

  @BeforeAll
  static void start() throws Exception {
    PubSubEmulator.assumeInstalled();
    Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    Assumptions.assumeTrue(
        LibertyServer.runtimeInstalled(), "SKIPPED: no Liberty runtime at wlp.home");
    work = LibertyServer.dataDirectory("it-distributed");
    emulator = PubSubEmulator.start(work.resolve("pubsub-emulator.log"));
    broker = new Mosquitto(Mosquitto.freePort()).start();
    ingestion =
        new LibertyServer(
            "dataflow-ingestion",
            Mosquitto.freePort(),
            Mosquitto.freePort(),
            Map.of(
                "DATAFLOW_STAGES", "ingestion",
                "DATAFLOW_BUS", "pubsub",
                "DATAFLOW_PUBSUB_PROJECT_ID", PROJECT,
                "DATAFLOW_PUBSUB_EMULATOR_HOST", emulator.host(),
                "DATAFLOW_PUBSUB_CREATE_TOPICS", "true",
                "DATAFLOW_MQTT_URL", broker.url(),
                "DATAFLOW_MQTT_CLIENT_ID", "dataflow-distributed-it",
                "DATAFLOW_MQTT_RECONNECT_MAX_DELAY", "2s",
                "DATAFLOW_DATA_DIR", dataDir().toString()));
    // The tap subscription must exist before the server publishes anything to raw.
    raw = new RawTopicTap(emulator.host(), PROJECT, "raw", "it-raw-tap");
    ingestion.start();
    ingestion.awaitReady();
  }

  private static Path dataDir() {
    return work.resolve("ingestion-data").toAbsolutePath();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (ingestion != null) {
      ingestion.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void mqttMessagesReachTheRawTopicWithNothingLostAcrossAKillDashNine() throws Exception {
    assertThat(ingestion.get("/health/ready").body())
        .contains("dataflow-pubsub-channels-ready")
        .contains("outgoing:raw-out");

    long start = System.nanoTime();
    int killedAt = MESSAGES * 3 / 10;
    try (MqttPublisher devices = new MqttPublisher(broker.url())) {
      for (int i = 0; i < MESSAGES; i++) {
        devices.publish("devices/d" + (i % 50) + "/telemetry", "{\"seq\":" + i + "}");
        if (i == killedAt) {
          // No flush first: the server is killed with messages in flight, between receiving
          // them, publishing them to raw and sending the PUBACK.
          ingestion.kill();
          System.out.println(
              "Distributed IT: ingestion server killed with SIGKILL after "
                  + (i + 1)
                  + " messages");
        }
      }
    }
    ingestion.start();
    ingestion.awaitReady();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> raw.pullOnce() >= 0 && raw.distinct() >= MESSAGES);
    double seconds = (System.nanoTime() - start) / 1e9;
    // Late duplicates: drain until the subscription stays empty for a few pulls.
    for (int empty = 0; empty < 20; empty = raw.pullOnce() == 0 ? empty + 1 : 0) {
      Thread.sleep(100);
    }
    System.out.printf(
        "Distributed IT: %d MQTT messages -> Pub/Sub raw in %.1f s (server restart included):"
            + " %d distinct, %d duplicates after the kill%n",
        MESSAGES, seconds, raw.distinct(), raw.duplicates());
    assertThat(raw.distinct()).isEqualTo(MESSAGES);
    assertThat(raw.deliveries.keySet()).allMatch(seq -> seq >= 0 && seq < MESSAGES);
    assertThat(raw.attributes.get(0)).containsKeys("id", "deviceId", "eventTime", "route");
  }

  @Test
  void deadLettersReachTheRecorderAcrossAKillDashNineOfTheSubscribingServer() throws Exception {
    int n = 3_000;
    Path store = dataDir().resolve("dead-letters/dead-letters.jsonl");
    long before = DeadLetterFile.ids(store).size();
    List<String> ids = new ArrayList<>();
    try (DeadLetterPublisher publisher =
        new DeadLetterPublisher(emulator.host(), PROJECT, "dead-letter")) {
      for (int i = 0; i < n; i++) {
        ids.add(publisher.publish("kill-it-" + i));
      }
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> DeadLetterFile.ids(store).size() - before >= n / 3);
    ingestion.kill();
    long storedAtKill = DeadLetterFile.ids(store).size() - before;
    ingestion.start();
    ingestion.awaitReady();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> DeadLetterFile.ids(store).containsAll(ids));
    Thread.sleep(2_000); // late redeliveries, if any, land in the count
    List<String> all = DeadLetterFile.ids(store);
    long ours = all.stream().filter(ids::contains).count();
    long distinct = all.stream().filter(ids::contains).distinct().count();
    System.out.printf(
        "Distributed IT: %d dead letters through subscription dead-letter-recorder; server killed"
            + " with SIGKILL after %d were stored; after restart %d distinct, %d duplicates%n",
        n, storedAtKill, distinct, ours - distinct);
    assertThat(distinct).isEqualTo(n);
  }
}
