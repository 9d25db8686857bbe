package io.dataflow.sink.archive;

import java.util.concurrent.atomic.LongAdder;

/**
 * Store figures of the archive sink, published as gauges by {@link ArchiveStage} (the batch figures
 * and the upload latency are the shared {@code BatchMetrics}). Thread-safe.
 */
public final class ArchiveStats {
  private final LongAdder objectsWritten = new LongAdder();
  private final LongAdder objectsAlreadyStored = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder failedAttempts = new LongAdder();

  void attempted(boolean failed) {
    attempts.increment();
    if (failed) {
      failedAttempts.increment();
    }
  }

  void stored(BlobStore.Outcome outcome, long bytes) {
    if (outcome == BlobStore.Outcome.CREATED) {
      objectsWritten.increment();
      bytesWritten.add(bytes);
    } else {
      objectsAlreadyStored.increment();
    }
  }

  public long objectsWritten() {
    return objectsWritten.sum();
  }

  /** Objects found already stored (a replayed batch): counted as success, not written again. */
  public long objectsAlreadyStored() {
    return objectsAlreadyStored.sum();
  }

  public long bytesWritten() {
    return bytesWritten.sum();
  }

  public long attempts() {
    return attempts.sum();
  }

  /** Failed store attempts; each is retried (the batch is never dropped). */
  public long retries() {
    return failedAttempts.sum();
  }
}
