package io.dataflow.enrich;

import io.dataflow.enrich.lookup.CacheTierStats;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the lookup's figures: per tier ({@code tier=..}) the request counters {@code
 * dataflow_cache_requests_total{result=hit|negative_hit|miss}}, {@code
 * dataflow_cache_errors_total}, the call timer {@code dataflow_cache_lookup_duration_seconds} and
 * the gauges size and available; and the batch counters of the coalescing loader.
 */
final class TierGauges {
  private final DeviceLookup lookup;

  TierGauges(DeviceLookup lookup) {
    this.lookup = lookup;
  }

  void register(PipelineMetrics metrics) {
    lookup.bind(metrics);
    for (CacheTierStats tier : lookup.tiers()) {
      String name = tier.tier();
      Tag tag = new Tag("tier", name);
      metrics.gauge(MetricCatalog.CACHE_SIZE, () -> value(name, s -> s.size()), tag);
      metrics.gauge(
          MetricCatalog.CACHE_AVAILABLE, () -> value(name, s -> s.available() ? 1 : 0), tag);
    }
  }

  private double value(String tier, ToDoubleFunction<CacheTierStats> figure) {
    return lookup.tiers().stream()
        .filter(s -> s.tier().equals(tier))
        .mapToDouble(figure)
        .findFirst()
        .orElse(-1);
  }
}
