package io.dataflow.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders {@code docs/metrics.md} from {@link MetricCatalog}. Run {@code main} with the output path
 * to regenerate it; a unit test fails when the committed file differs.
 */
public final class MetricsReference {
  private MetricsReference() {}

  /** The names served before the Prometheus conventions, and what replaced them. */
  static final Map<String, String> RENAMED = new LinkedHashMap<>();

  static {
    RENAMED.put("dataflow_stage_messages (gauge)", "dataflow_stage_messages_total");
    RENAMED.put(
        "dataflow_stage_messages{outcome=\"dead_lettered\"}",
        "dataflow_stage_messages_total{outcome=\"dead_lettered\"}, by reason:"
            + " dataflow_dead_letters_total");
    RENAMED.put("dataflow_sink_records (gauge)", "dataflow_sink_records_total");
    RENAMED.put("dataflow_sink_batches (gauge)", "dataflow_sink_batches_total");
    RENAMED.put(
        "dataflow_sink_write_latency_seconds (timer)", "dataflow_sink_write_duration_seconds");
    RENAMED.put(
        "dataflow_cache_hits, dataflow_cache_misses, dataflow_cache_negative_hits",
        "dataflow_cache_requests_total{result=\"hit|miss|negative_hit\"}");
    RENAMED.put("dataflow_cache_errors (gauge)", "dataflow_cache_errors_total");
    RENAMED.put(
        "dataflow_cache_latency_mean (gauge, microseconds, mean since start)",
        "dataflow_cache_lookup_duration_seconds");
    RENAMED.put("dataflow_enrich_lookup_batches (gauge)", "dataflow_enrich_lookup_batches_total");
    RENAMED.put(
        "dataflow_enrich_lookup_batched_keys (gauge)", "dataflow_enrich_lookup_batched_keys_total");
    RENAMED.put("dataflow_archive_objects (gauge)", "dataflow_archive_objects_total");
    RENAMED.put("dataflow_archive_bytes_written (gauge)", "dataflow_archive_written_bytes_total");
    RENAMED.put("dataflow_archive_upload_retries (gauge)", "dataflow_archive_upload_retries_total");
    RENAMED.put(
        "dataflow_bus_journal_corrupt_skipped (gauge)",
        "dataflow_bus_journal_corrupt_skipped_total");
    RENAMED.put(
        "dataflow_bus_journal_corrupt_skipped_bytes (gauge)",
        "dataflow_bus_journal_corrupt_bytes_total");
    RENAMED.put(
        "dataflow_bus_journal_retention_dropped (gauge)",
        "dataflow_bus_journal_retention_dropped_total");
    RENAMED.put("dataflow_pubsub_messages (gauge)", "dataflow_pubsub_messages_total");
    RENAMED.put(
        "dataflow_pubsub_publish_latency_mean, dataflow_pubsub_publish_latency_total (gauges)",
        "dataflow_pubsub_publish_duration_seconds");
    RENAMED.put("dataflow_demo_published (gauge)", "dataflow_demo_published_total");
  }

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Metrics reference\n\n")
        .append(
            "Generated from the metric definitions (`io.dataflow.metrics.MetricCatalog`), which the code registers\n")
        .append("its metrics with; do not edit by hand. Regenerate:\n")
        .append(
            "`mvn -pl dataflow-ejb test -Dtest=MetricsReferenceTest -Ddataflow.docs.update=true`.\n\n")
        .append(
            "The server serves them in the Prometheus text format at `/metrics` (MicroProfile Metrics 5.1 on\n")
        .append(
            "Open Liberty; application scope `/metrics?scope=application`). Every sample carries the label\n")
        .append(
            "`mp_scope=\"application\"`. Dashboard, alerts and the scrape configuration: [monitoring.md](monitoring.md).\n\n")
        .append("## Conventions\n\n")
        .append(
            "- Counts are counters, served with `_total`: take `rate()` or `increase()`; they restart from 0 with\n")
        .append("  the server, which `rate()` handles.\n")
        .append(
            "- Durations are MicroProfile timers in seconds (`..._duration_seconds`), served as Prometheus\n")
        .append(
            "  histograms: `_bucket{le=...}` (1 ms to 60 s, `mp.metrics.distribution.timer.buckets` in\n")
        .append(
            "  `microprofile-config.properties`), `_count`, `_sum`, and a separate gauge `_max` (the longest in\n")
        .append(
            "  the last few minutes). Percentiles come from the buckets, per server or across servers:\n")
        .append(
            "  `histogram_quantile(0.99, sum by (sink, le) (rate(dataflow_sink_write_duration_seconds_bucket[5m])))`.\n")
        .append(
            "  Client-side quantiles are switched off (`mp.metrics.distribution.percentiles=dataflow.*=`):\n")
        .append(
            "  Liberty serves them as `{quantile=...}` samples inside the histogram family, which Prometheus'\n")
        .append("  `promtool check metrics` rejects and `histogram_quantile` cannot aggregate.\n")
        .append(
            "- Gauges are levels only (in flight, pending, ages, backlog, sizes, 1/0 states).\n")
        .append(
            "- Label values are bounded: stages, outcomes, reasons (at most 32 per stage, then `other`), tiers,\n")
        .append("  sinks, channels, topics, subscriptions, check names. Never a device.\n\n")
        .append("## Application metrics\n\n")
        .append(
            "Served: every server serves the stage metrics and `dataflow_ready`; the others come with\n")
        .append(
            "their component (cache metrics with the enrich stage, `sink=bigquery` with the BigQuery stage...).\n\n")
        .append("| Name | Type | Unit | Labels | Served | Description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (MetricDef d : MetricCatalog.all()) {
      b.append("| `")
          .append(d.prometheusName())
          .append("` | ")
          .append(d.type() == MetricDef.Type.TIMER ? "histogram (timer)" : d.type().prometheus())
          .append(" | ")
          .append(unit(d))
          .append(" | ")
          .append(d.labels().isEmpty() ? "" : "`" + String.join("`, `", d.labels()) + "`")
          .append(" | ")
          .append(d.served().equals(MetricDef.ALWAYS) ? "where its component runs" : d.served())
          .append(" | ")
          .append(d.description().replace("|", "\\|"))
          .append(" |\n");
    }
    b.append("\n## JVM metrics\n\n")
        .append(
            "Served by Liberty in the base scope (`mp_scope=\"base\"`), not defined by dataflow. The dashboard uses\n")
        .append(
            "`memory_usedHeap_bytes`, `memory_maxHeap_bytes`, `gc_total{name}` (collections, a counter) and\n")
        .append(
            "`gc_time_seconds{name}` (time spent collecting since start; served as a gauge, take `rate()`).\n")
        .append(
            "Others: `memory_committedHeap_bytes`, `thread_count`, `cpu_processCpuLoad_percent`, `jvm_uptime_seconds`.\n")
        .append(
            "Their names (camelCase, `_count` on gauges) are Liberty's and fail `promtool check metrics`' naming\n")
        .append("lint; the application scope passes it (checked by `MetricsExpositionIT`).\n\n")
        .append("## Renamed and removed names\n\n")
        .append(
            "Before these conventions counts were gauges without `_total` and latencies means since start. The\n")
        .append(
            "old names are **not** kept as deprecated aliases: a gauge and a counter of the same count would\n")
        .append(
            "double the series, and a mean since start has no counterpart. Queries must move to the new names:\n\n")
        .append("| Old | New |\n|---|---|\n");
    RENAMED.forEach(
        (old, now) ->
            b.append("| `")
                .append(old.replace("|", "\\|"))
                .append("` | `")
                .append(now.replace("|", "\\|"))
                .append("` |\n"));
    return b.toString();
  }

  private static String unit(MetricDef d) {
    return switch (d.unit()) {
      case "none" -> "";
      default -> d.unit();
    };
  }

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args.length > 0 ? args[0] : "docs/metrics.md"), render());
  }
}
