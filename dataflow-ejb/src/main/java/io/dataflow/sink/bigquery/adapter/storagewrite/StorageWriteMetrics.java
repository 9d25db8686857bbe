package io.dataflow.sink.bigquery.adapter.storagewrite;

import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The Storage Write API writer's metrics, tagged {@code mode=committed|default}: rows appended,
 * rows not appended again because they were already written, the duration of each append, and the
 * open write streams. Without a registry (unit tests) the counts are still kept.
 */
public final class StorageWriteMetrics {
  private final PipelineMetrics pipeline;
  private final Tag mode;
  private final Count appended;
  private final Count alreadyWritten;
  private final PipelineMetrics.Durations appendDuration;

  public StorageWriteMetrics(PipelineMetrics pipeline, String mode) {
    this.pipeline = pipeline;
    this.mode = PipelineMetrics.tag("mode", mode);
    this.appended = pipeline.count(MetricCatalog.BIGQUERY_ROWS_APPENDED, this.mode);
    this.alreadyWritten = pipeline.count(MetricCatalog.BIGQUERY_ROWS_ALREADY_WRITTEN, this.mode);
    this.appendDuration = pipeline.timer(MetricCatalog.BIGQUERY_APPEND, this.mode);
  }

  /** A metrics object that registers nothing, for tests. */
  public static StorageWriteMetrics unregistered(String mode) {
    return new StorageWriteMetrics(PipelineMetrics.unregistered(), mode);
  }

  void appended(int rows) {
    appended.add(rows);
  }

  void alreadyWritten(int rows) {
    alreadyWritten.add(rows);
  }

  void appendTook(long nanos) {
    appendDuration.recordNanos(nanos);
  }

  void watchOpenStreams(IntSupplier openStreams) {
    pipeline.gauge(MetricCatalog.BIGQUERY_OPEN_STREAMS, openStreams::getAsInt, mode);
  }

  /** Rows appended so far (each appended row once, whatever the retries). */
  public long appendedRows() {
    return appended.get();
  }

  /** Rows that were not appended again because they were already in BigQuery. */
  public long alreadyWrittenRows() {
    return alreadyWritten.get();
  }
}
