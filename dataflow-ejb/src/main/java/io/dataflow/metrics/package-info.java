/**
 * Per-stage counters ({@link io.dataflow.metrics.StageMetrics}) kept by the stages themselves and
 * published through MicroProfile Metrics by {@link io.dataflow.metrics.PipelineMetrics}. The admin
 * facade reads the same counters.
 */
package io.dataflow.metrics;
