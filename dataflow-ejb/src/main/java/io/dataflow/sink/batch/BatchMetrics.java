package io.dataflow.sink.batch;

import io.dataflow.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The metrics of one sink's batcher, tagged {@code sink=<name>}: records written / rejected /
 * failed (monotonic, as gauges like the stage counters), batch size histogram, write latency timer,
 * and gauges for pending records and bytes, open groups and the oldest pending age. Without a
 * registry (unit tests) the counters are still kept.
 */
public final class BatchMetrics implements BatchListener {
  private final String sink;
  private final PipelineMetrics pipeline;
  private final Tag tag;
  private final LongAdder batches = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Histogram batchSize;
  private final Timer latency;

  /**
   * @param sink the sink name, e.g. {@code bigquery}
   * @param pipeline where gauges are registered
   * @param registry for the histogram and timer; null for none
   */
  public BatchMetrics(String sink, PipelineMetrics pipeline, MetricRegistry registry) {
    this.sink = sink;
    this.pipeline = pipeline;
    this.tag = new Tag("sink", sink);
    this.batchSize =
        registry == null
            ? null
            : registry.histogram(
                meta("dataflow.sink.batch.size", "Records per written batch", MetricUnits.NONE),
                tag);
    this.latency =
        registry == null
            ? null
            : registry.timer(
                meta(
                    "dataflow.sink.write.latency",
                    "Time to write one batch, retries included",
                    MetricUnits.SECONDS),
                tag);
    String records = "dataflow.sink.records";
    String d = "Records a sink has finished, by outcome (monotonic)";
    pipeline.gauge(records, d, MetricUnits.NONE, written::sum, tag, new Tag("outcome", "written"));
    pipeline.gauge(
        records, d, MetricUnits.NONE, rejected::sum, tag, new Tag("outcome", "rejected"));
    pipeline.gauge(records, d, MetricUnits.NONE, failed::sum, tag, new Tag("outcome", "failed"));
    pipeline.gauge(
        "dataflow.sink.batches",
        "Batches written (monotonic)",
        MetricUnits.NONE,
        batches::sum,
        tag);
  }

  /** Registers the pending gauges of a batcher. */
  public void watch(KeyedBatcher<?, ?, ?> batcher) {
    gauge("dataflow.sink.pending.records", "Records held", () -> batcher.stats().pendingRecords());
    gauge(
        "dataflow.sink.pending.bytes", "Buffered bytes held", () -> batcher.stats().pendingBytes());
    gauge("dataflow.sink.open.groups", "Open groups", () -> batcher.stats().openGroups());
    pipeline.gauge(
        "dataflow.sink.oldest.pending.age",
        "Age of the oldest record not yet written",
        MetricUnits.SECONDS,
        () -> batcher.oldestPendingAge().toMillis() / 1000.0,
        tag);
  }

  private void gauge(String name, String description, Supplier<? extends Number> value) {
    pipeline.gauge(name, description, MetricUnits.NONE, value, tag);
  }

  private static Metadata meta(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }

  @Override
  public void written(Batch<?, ?> batch, WriteResult result, Duration took) {
    batches.increment();
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
      latency.update(took);
    }
  }

  public String sink() {
    return sink;
  }

  public long written() {
    return written.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long batches() {
    return batches.sum();
  }
}
