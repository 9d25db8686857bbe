package io.dataflow.sink.batch;

import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The metrics of one sink's batcher, tagged {@code sink=<name>}: records written / rejected /
 * failed and batches (counters), batch size histogram, write duration timer (seconds), and gauges
 * for pending records and bytes, open groups and the oldest pending age. Without a registry (unit
 * tests) the counts are still kept.
 */
public final class BatchMetrics implements BatchListener {
  private final String sink;
  private final PipelineMetrics pipeline;
  private final Tag tag;
  private final Count batches;
  private final Count written;
  private final Count rejected;
  private final Count failed;
  private final Histogram batchSize;
  private final PipelineMetrics.Durations latency;

  /**
   * @param sink the sink name, e.g. {@code bigquery}
   * @param pipeline where the metrics are registered
   * @param registry unused (kept for callers); the pipeline's registry is used
   */
  public BatchMetrics(String sink, PipelineMetrics pipeline, MetricRegistry registry) {
    this.sink = sink;
    this.pipeline = pipeline;
    this.tag = new Tag("sink", sink);
    this.batchSize = pipeline.histogram(MetricCatalog.SINK_BATCH_SIZE, tag);
    this.latency = pipeline.timer(MetricCatalog.SINK_WRITE, tag);
    this.written = pipeline.count(MetricCatalog.SINK_RECORDS, tag, new Tag("outcome", "written"));
    this.rejected = pipeline.count(MetricCatalog.SINK_RECORDS, tag, new Tag("outcome", "rejected"));
    this.failed = pipeline.count(MetricCatalog.SINK_RECORDS, tag, new Tag("outcome", "failed"));
    this.batches = pipeline.count(MetricCatalog.SINK_BATCHES, tag);
  }

  /** Registers the pending gauges of a batcher, and its configured maximum batch age. */
  public void watch(KeyedBatcher<?, ?, ?> batcher, Duration maxBatchAge) {
    pipeline.gauge(MetricCatalog.SINK_PENDING_RECORDS, () -> batcher.stats().pendingRecords(), tag);
    pipeline.gauge(MetricCatalog.SINK_PENDING_BYTES, () -> batcher.stats().pendingBytes(), tag);
    pipeline.gauge(MetricCatalog.SINK_OPEN_GROUPS, () -> batcher.stats().openGroups(), tag);
    pipeline.gauge(
        MetricCatalog.SINK_OLDEST_PENDING_AGE,
        () -> batcher.oldestPendingAge().toMillis() / 1000.0,
        tag);
    pipeline.gauge(MetricCatalog.SINK_MAX_BATCH_AGE, () -> maxBatchAge.toMillis() / 1000.0, tag);
  }

  /** Registers how long the sink's writes have been failing (0 while healthy). */
  public void failing(Supplier<Duration> failingFor) {
    pipeline.gauge(MetricCatalog.SINK_FAILING, () -> failingFor.get().toMillis() / 1000.0, tag);
  }

  /** Registers the sink's configured unhealthy-after limit. */
  public void unhealthyAfter(Duration limit) {
    pipeline.gauge(MetricCatalog.SINK_UNHEALTHY_AFTER, () -> limit.toMillis() / 1000.0, tag);
  }

  @Override
  public void written(Batch<?, ?> batch, WriteResult result, Duration took) {
    batches.inc();
    rejected.add(result.failures().size());
    written.add(batch.records() - result.failures().size());
    record(batch, took);
  }

  @Override
  public void failed(Batch<?, ?> batch, Throwable error, Duration took) {
    failed.add(batch.records());
    record(batch, took);
  }

  private void record(Batch<?, ?> batch, Duration took) {
    if (batchSize != null) {
      batchSize.update(batch.records());
    }
    latency.record(took);
  }

  public String sink() {
    return sink;
  }

  public long written() {
    return written.get();
  }

  public long rejected() {
    return rejected.get();
  }

  public long failed() {
    return failed.get();
  }

  public long batches() {
    return batches.get();
  }
}
