/**
 * The application's metrics. {@link io.dataflow.metrics.MetricCatalog} defines every one (name,
 * type, unit, labels, description); {@link io.dataflow.metrics.PipelineMetrics} registers them from
 * those definitions with MicroProfile Metrics, and {@link io.dataflow.metrics.MetricsReference}
 * renders {@code docs/metrics.md} from the same definitions. Counts are counters, kept on the hot
 * path as {@link io.dataflow.metrics.Count}s bound to the registered counters, so the admin facade
 * reads the same figures as /metrics; durations are timers in seconds; levels are gauges.
 */
package io.dataflow.metrics;
