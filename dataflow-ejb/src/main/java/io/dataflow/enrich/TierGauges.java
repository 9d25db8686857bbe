package io.dataflow.enrich;

import io.dataflow.enrich.lookup.CacheTierStats;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.metrics.PipelineMetrics;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the lookup's figures as gauges: {@code dataflow_cache_*{tier=..}} per tier (hits,
 * misses, negative hits, errors, size, mean latency, available) and the batch counts of the
 * coalescing loader.
 */
final class TierGauges {
  private final DeviceLookup lookup;

  TierGauges(DeviceLookup lookup) {
    this.lookup = lookup;
  }

  void register(PipelineMetrics metrics) {
    for (CacheTierStats tier : lookup.tiers()) {
      String name = tier.tier();
      Tag tag = new Tag("tier", name);
      gauge(metrics, "dataflow.cache.hits", "Lookups a tier answered", name, s -> s.hits(), tag);
      gauge(
          metrics,
          "dataflow.cache.misses",
          "Lookups a tier could not answer",
          name,
          s -> s.misses(),
          tag);
      gauge(
          metrics,
          "dataflow.cache.negative.hits",
          "Lookups answered by a cached unknown device",
          name,
          s -> s.negativeHits(),
          tag);
      gauge(
          metrics,
          "dataflow.cache.errors",
          "Calls to a tier that failed",
          name,
          s -> s.errors(),
          tag);
      gauge(
          metrics,
          "dataflow.cache.size",
          "Entries a tier holds (-1: unknown)",
          name,
          s -> s.size(),
          tag);
      gauge(
          metrics,
          "dataflow.cache.available",
          "1 while a tier answers, 0 while it is down",
          name,
          s -> s.available() ? 1 : 0,
          tag);
      metrics.gauge(
          "dataflow.cache.latency.mean",
          "Mean latency of a call to a tier (a batch below L1), -1 before the first",
          MetricUnits.MICROSECONDS,
          () -> value(name, CacheTierStats::meanLatencyMicros),
          tag);
    }
    metrics.gauge(
        "dataflow.enrich.lookup.batches",
        "Batched L2/L3 loads made for L1 misses",
        MetricUnits.NONE,
        () -> lookup.batches().batchCount());
    metrics.gauge(
        "dataflow.enrich.lookup.batched.keys",
        "Keys loaded by those batches (divide by batches for the mean batch size)",
        MetricUnits.NONE,
        () -> lookup.batches().keyCount());
  }

  private void gauge(
      PipelineMetrics metrics,
      String metric,
      String description,
      String tier,
      Function<CacheTierStats, Number> figure,
      Tag tag) {
    metrics.gauge(
        metric,
        description,
        MetricUnits.NONE,
        () -> value(tier, s -> figure.apply(s).doubleValue()),
        tag);
  }

  private double value(String tier, ToDoubleFunction<CacheTierStats> figure) {
    return lookup.tiers().stream()
        .filter(s -> s.tier().equals(tier))
        .mapToDouble(figure)
        .findFirst()
        .orElse(-1);
  }
}
