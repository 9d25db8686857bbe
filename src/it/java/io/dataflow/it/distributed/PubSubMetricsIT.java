package io.dataflow.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.LibertyServer;
import io.dataflow.it.Metrics;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.Promtool;
import io.dataflow.it.metrics.PromQl;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.MetricDef;
import io.dataflow.testing.PubSubEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics only a Pub/Sub-bus server serves: an ingestion server on {@code dataflow-pubsub}
 * against the emulator, after some MQTT traffic, serves every Pub/Sub metric of the catalog and
 * every one the dashboard and the alert rules use, and its application scope is clean for promtool.
 * (MetricsExpositionIT checks the rest on the build's local-bus server.)
 */
class PubSubMetricsIT {
  private static final String PROJECT = "dataflow-it-metrics";
  private static Path work;
  private static PubSubEmulator emulator;
  private static Mosquitto broker;
  private static LibertyServer ingestion;

  @BeforeAll
  static void start() throws Exception {
    PubSubEmulator.assumeInstalled();
    Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    Assumptions.assumeTrue(
        LibertyServer.runtimeInstalled(), "SKIPPED: no Liberty runtime at wlp.home");
    work = LibertyServer.dataDirectory("it-pubsub-metrics");
    emulator = PubSubEmulator.start(work.resolve("pubsub-emulator.log"));
    broker = new Mosquitto(Mosquitto.freePort()).start();
    ingestion =
        new LibertyServer(
            "dataflow-pubsub-metrics",
            Mosquitto.freePort(),
            Mosquitto.freePort(),
            Map.of(
                "DATAFLOW_STAGES",
                "ingestion",
                "DATAFLOW_BUS",
                "pubsub",
                "DATAFLOW_PUBSUB_PROJECT_ID",
                PROJECT,
                "DATAFLOW_PUBSUB_EMULATOR_HOST",
                emulator.host(),
                "DATAFLOW_PUBSUB_CREATE_TOPICS",
                "true",
                "DATAFLOW_MQTT_URL",
                broker.url(),
                "DATAFLOW_MQTT_CLIENT_ID",
                "dataflow-pubsub-metrics-it",
                "DATAFLOW_DATA_DIR",
                work.resolve("data").toAbsolutePath().toString()));
    ingestion.start();
    ingestion.awaitReady();
    try (MqttPublisher c = new MqttPublisher(broker.url())) {
      for (int i = 0; i < 50; i++) {
        c.publish("devices/d" + (1 + i % 5) + "/telemetry", "{\"seq\":" + i + "}");
      }
      c.flush();
    }
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Metrics.sum(
                          Metrics.scrape(ingestion, "application"),
                          "dataflow_pubsub_publish_duration_seconds_count")
                      >= 50);
    } finally {
      Files.writeString(
          work.resolve("metrics-application.txt"), Metrics.scrape(ingestion, "application"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
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
  void thePubSubMetricsOfTheCatalogTheDashboardAndTheRulesAreServed() throws Exception {
    String text = Metrics.scrape(ingestion, "application");
    Set<String> served = PromQl.servedNames(text);
    Set<String> expected = new TreeSet<>();
    for (MetricDef d : MetricCatalog.all()) {
      if (d.served().contains("pubsub")) {
        expected.add(d.sampleNames().get(d.sampleNames().size() > 1 ? 2 : 0)); // _count
      }
    }
    for (String name : PromQl.usedNames().keySet()) {
      if (name.startsWith("dataflow_pubsub_")) {
        expected.add(name);
      }
    }
    assertThat(expected).contains("dataflow_pubsub_outstanding_messages");
    assertThat(served).containsAll(expected);
  }

  @Test
  void theApplicationMetricsOfAPubSubServerPassPromtoolCheckMetrics() throws Exception {
    Assumptions.assumeTrue(
        Promtool.installed(),
        "promtool is not on the PATH (bin/ensure-tools installs it: apt-get install prometheus)");
    Promtool.Result r = Promtool.run(Metrics.scrape(ingestion, "application"), "check", "metrics");
    assertThat(r.lines()).isEmpty();
    assertThat(r.exitCode()).isZero();
  }
}
