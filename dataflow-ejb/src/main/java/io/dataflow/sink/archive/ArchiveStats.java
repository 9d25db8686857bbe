package io.dataflow.sink.archive;

import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Upload figures of the archive sink, published as gauges by {@link ArchiveSink}. Thread-safe. */
public final class ArchiveStats {
  private final LongAdder objectsWritten = new LongAdder();
  private final LongAdder objectsAlreadyStored = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder failedAttempts = new LongAdder();
  private final LongAdder uploads = new LongAdder();
  private final LongAdder uploadNanos = new LongAdder();
  private final LongAccumulator maxUploadNanos = new LongAccumulator(Math::max, 0);

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

  /** One batch uploaded, from its first attempt to the stored object, retries included. */
  void uploaded(Duration latency) {
    uploads.increment();
    uploadNanos.add(latency.toNanos());
    maxUploadNanos.accumulate(latency.toNanos());
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

  public double meanUploadSeconds() {
    long n = uploads.sum();
    return n == 0 ? 0 : uploadNanos.sum() / 1e9 / n;
  }

  public double maxUploadSeconds() {
    return maxUploadNanos.get() / 1e9;
  }
}
