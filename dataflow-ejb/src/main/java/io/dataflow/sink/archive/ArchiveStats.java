package io.dataflow.sink.archive;

import io.dataflow.metrics.Count;
import io.dataflow.metrics.PipelineMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Store figures of the archive sink, published as counters by {@link ArchiveStage} (the batch
 * figures and the upload duration are the shared {@code BatchMetrics}), and since when uploads have
 * been failing. Thread-safe.
 */
public final class ArchiveStats {
  final Count objectsWritten = new Count();
  final Count objectsAlreadyStored = new Count();
  final Count bytesWritten = new Count();
  final Count attempts = new Count();
  final Count failedAttempts = new Count();
  private final AtomicReference<Instant> failingSince = new AtomicReference<>();
  volatile PipelineMetrics.Durations uploads = PipelineMetrics.Durations.NONE;

  /** Records the duration of one upload attempt. */
  void uploaded(long nanos) {
    uploads.recordNanos(nanos);
  }

  void attempted(boolean failed) {
    attempted(failed, Instant.now());
  }

  void attempted(boolean failed, Instant now) {
    attempts.inc();
    if (failed) {
      failedAttempts.inc();
      failingSince.compareAndSet(null, now);
    } else {
      failingSince.set(null);
    }
  }

  /** How long uploads have been failing without a success, as of {@code now} (zero: healthy). */
  public Duration failingFor(Instant now) {
    Instant since = failingSince.get();
    return since == null || now.isBefore(since) ? Duration.ZERO : Duration.between(since, now);
  }

  void stored(BlobStore.Outcome outcome, long bytes) {
    if (outcome == BlobStore.Outcome.CREATED) {
      objectsWritten.inc();
      bytesWritten.add(bytes);
    } else {
      objectsAlreadyStored.inc();
    }
  }

  public long objectsWritten() {
    return objectsWritten.get();
  }

  /** Objects found already stored (a replayed batch): counted as success, not written again. */
  public long objectsAlreadyStored() {
    return objectsAlreadyStored.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  public long attempts() {
    return attempts.get();
  }

  /** Failed store attempts; each is retried (the batch is never dropped). */
  public long retries() {
    return failedAttempts.get();
  }
}
