package io.dataflow.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.Metrics;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.Promtool;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.MetricDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served /metrics after some traffic: clean for {@code promtool check metrics}, every metric of
 * the catalog present, and every metric name used by the shipped Grafana dashboard and alert rules
 * (deploy/monitoring) served.
 */
class MetricsExpositionIT {

  @BeforeAll
  static void traffic() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
    double ingested = Metrics.stageMessages("ingestion", "acked");
    double enriched = Metrics.stageMessages("enrich", "received");
    try (MqttPublisher c = new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (int i = 0; i < 200; i++) {
        c.publish("devices/d" + (1 + i % 5) + "/telemetry", "{\"seq\":" + i + "}");
      }
      for (int i = 0; i < 5; i++) {
        c.publish("devices/not-registered-" + i + "/telemetry", "{\"seq\":" + i + "}");
      }
      // Dead-lettered by ingestion (reason oversize), so dataflow_dead_letters_total is served.
      c.publish("devices/d1/telemetry", new byte[300_000]);
      c.flush();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Metrics.stageMessages("ingestion", "acked") >= ingested + 206);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Metrics.stageMessages("enrich", "received") >= enriched + 205);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Metrics.value(
                        Metrics.scrape("application"),
                        "dataflow_sink_write_duration_seconds_count",
                        "sink=\"bigquery\"")
                    > 0);
  }

  @Test
  void theApplicationMetricsPassPromtoolCheckMetrics() throws Exception {
    Assumptions.assumeTrue(
        Promtool.installed(),
        "promtool is not on the PATH (bin/ensure-tools installs it: apt-get install prometheus)");
    String text = Metrics.scrape("application");
    Files.writeString(Path.of("target", "metrics-application.txt"), text);
    Promtool.Result r = Promtool.run(text, "check", "metrics");
    assertThat(r.lines()).as("promtool check metrics on /metrics?scope=application").isEmpty();
    assertThat(r.exitCode()).isZero();
  }

  /**
   * The whole endpoint: Liberty's own base and vendor metrics ({@code memory_usedHeap_bytes},
   * {@code thread_count}, {@code ft_retry_calls_total{retryResult}}...) break promtool's naming
   * lint (camelCase, {@code _count} on gauges) and cannot be renamed by the application. So every
   * problem promtool reports must be about a metric of the base or vendor scope, never about one of
   * the application scope; and the text must parse (a parse error has no metric name).
   */
  @Test
  void promtoolFindsNoProblemInTheWholeEndpointBeyondLibertysOwnNames() throws Exception {
    Assumptions.assumeTrue(
        Promtool.installed(),
        "promtool is not on the PATH (bin/ensure-tools installs it: apt-get install prometheus)");
    String text = Metrics.scrape();
    Files.writeString(Path.of("target", "metrics-all.txt"), text);
    Set<String> liberty = servedNames(Metrics.scrape("base"));
    liberty.addAll(servedNames(Metrics.scrape("vendor")));
    Set<String> application = servedNames(Metrics.scrape("application"));
    Promtool.Result r = Promtool.run(text, "check", "metrics");
    List<String> ours = new ArrayList<>();
    Set<String> theirs = new TreeSet<>();
    for (String line : r.lines()) {
      String name = line.split(" ", 2)[0];
      if (liberty.contains(name) && !application.contains(name)) {
        theirs.add(name);
      } else {
        ours.add(line);
      }
    }
    System.out.println(
        "MetricsExpositionIT: promtool on the whole /metrics: exit "
            + r.exitCode()
            + ", "
            + r.lines().size()
            + " problem lines, all about Liberty's base/vendor metrics: "
            + theirs);
    assertThat(ours).as("promtool problems not about Liberty's base/vendor metrics").isEmpty();
    assertThat(r.exitCode()).as("promtool exit code (3: lint problems only)").isIn(0, 3);
  }

  @Test
  void everyMetricOfTheCatalogIsServed() throws Exception {
    Set<String> served = servedNames(Metrics.scrape());
    List<String> missing = new ArrayList<>();
    for (MetricDef d : MetricCatalog.all()) {
      if (d.served().equals(MetricDef.ALWAYS)
          && d.sampleNames().stream().noneMatch(served::contains)) {
        missing.add(d.prometheusName());
      }
    }
    assertThat(missing).as("catalog metrics not served (served: %s)", served).isEmpty();
  }

  @Test
  void everyMetricNameOfTheDashboardAndTheAlertRulesIsServed() throws Exception {
    Map<String, String> used = PromQl.usedNames();
    assertThat(PromQl.dashboardExpressions(PromQl.DASHBOARD)).hasSizeGreaterThan(15);
    assertThat(PromQl.ruleExpressions(PromQl.RULES)).hasSizeGreaterThanOrEqualTo(8);
    assertThat(used).containsKeys("dataflow_stage_messages_total", "memory_usedHeap_bytes");

    Set<String> served = servedNames(Metrics.scrape());
    Map<String, String> missing = new TreeMap<>();
    Set<String> conditional = new TreeSet<>();
    for (var e : used.entrySet()) {
      String name = e.getKey();
      if (served.contains(name) || name.equals("up")) { // up: Prometheus' own
        continue;
      }
      MetricDef def = definitionOf(name);
      if (def != null && def.served().contains("pubsub")) {
        conditional.add(name); // this server runs the local bus
      } else {
        missing.put(name, e.getValue());
      }
    }
    System.out.println(
        "MetricsExpositionIT: "
            + used.size()
            + " names used by the dashboard and the rules; served here: "
            + (used.size() - missing.size() - conditional.size())
            + "; only with the Pub/Sub bus, not checked on this local-bus server: "
            + conditional);
    assertThat(missing).as("names used but not served by the server").isEmpty();
  }

  /** The definition whose family {@code name} belongs to (histogram suffixes included). */
  private static MetricDef definitionOf(String name) {
    for (MetricDef d : MetricCatalog.all()) {
      if (d.sampleNames().contains(name)) {
        return d;
      }
    }
    return null;
  }

  static Set<String> servedNames(String text) {
    return PromQl.servedNames(text);
  }
}
