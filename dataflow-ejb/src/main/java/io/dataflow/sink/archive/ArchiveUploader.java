package io.dataflow.sink.archive;

import io.dataflow.sink.batch.Batch;
import io.dataflow.sink.batch.BatchWriter;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a sealed archive batch as one object and does not give up: a failed upload is tried again
 * after a {@link RetryBackoff} wait, for as long as it takes, while the batch stays pending and its
 * messages unacked (the batcher's pending bounds turn a long outage into backpressure). Only once
 * {@link #giveUpAt} is set, at shutdown, does a failure past that deadline end the write, and the
 * batcher then nacks the messages so the bus redelivers them. The batcher runs several of these at
 * once.
 */
final class ArchiveUploader implements BatchWriter<ArchiveGroupKey, GzipJsonlAccumulator> {
  private static final Logger LOG = Logger.getLogger(ArchiveUploader.class.getName());

  private final BlobStore store;
  private final RetryBackoff backoff;
  private final RetryBackoff.Pause pause;
  private final Clock clock;
  private volatile Instant giveUpAt;

  ArchiveUploader(BlobStore store, RetryBackoff backoff, RetryBackoff.Pause pause, Clock clock) {
    this.store = store;
    this.backoff = backoff;
    this.pause = pause;
    this.clock = clock;
  }

  /** From now on, a failure after {@code deadline} ends the write instead of waiting to retry. */
  void giveUpAt(Instant deadline) {
    this.giveUpAt = deadline;
  }

  /** Reason of the dead letters of an object no store takes. */
  public static final String UNSTORABLE = "archive-unstorable";

  @Override
  public WriteResult write(Batch<ArchiveGroupKey, GzipJsonlAccumulator> batch) throws Exception {
    ArchiveObject object = batch.buffer().toObject(batch.key());
    int failures = 0;
    while (true) {
      try {
        BlobStore.Outcome outcome = store.putIfAbsent(object);
        LOG.fine(
            () -> "Archived " + object + " (" + outcome + ", sealed by " + batch.reason() + ")");
        return WriteResult.success();
      } catch (UnstorableObjectException e) {
        LOG.warning(
            "Upload of "
                + object
                + " can never succeed: "
                + e.getMessage()
                + "; dead-lettering its "
                + batch.records()
                + " records");
        List<WriteResult.RecordFailure> refused = new ArrayList<>();
        for (int i = 0; i < batch.records(); i++) {
          refused.add(new WriteResult.RecordFailure(i, UNSTORABLE, e.getMessage()));
        }
        return WriteResult.rejected(refused);
      } catch (BlobStoreException | RuntimeException e) {
        failures++;
        Instant now = clock.instant();
        Instant deadline = giveUpAt;
        if (deadline != null && !now.isBefore(deadline)) {
          throw e;
        }
        Duration wait = backoff.delay(failures);
        if (deadline != null && Duration.between(now, deadline).compareTo(wait) < 0) {
          wait = Duration.between(now, deadline);
        }
        boolean transientFailure = UploadRetryPolicy.isTransient(e);
        LOG.log(
            failures == 1 || !transientFailure ? Level.WARNING : Level.FINE,
            "Upload of "
                + object
                + " failed ("
                + (transientFailure ? "transient" : "not transient: check the store's settings")
                + ", failure "
                + failures
                + "); "
                + batch.records()
                + " messages stay unacked, next try in "
                + wait,
            e);
        pause.pause(wait);
      }
    }
  }
}
