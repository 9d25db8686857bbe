package io.dataflow.sink.archive;

import io.dataflow.sink.batch.Batch;
import io.dataflow.sink.batch.BatchWriter;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.batch.WriteRetries;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a sealed archive batch as one object and does not give up: a failed upload is tried again
 * by {@link WriteRetries} for as long as it takes, while the batch stays pending and its messages
 * unacked. Only an object no store can ever take ({@link UnstorableObjectException}) ends the write
 * early: its records are dead-lettered. The batcher runs several of these at once.
 */
final class ArchiveUploader implements BatchWriter<ArchiveGroupKey, GzipJsonlAccumulator> {
  private static final Logger LOG = Logger.getLogger(ArchiveUploader.class.getName());

  /** Reason of the dead letters of an object no store takes. */
  public static final String UNSTORABLE = "archive-unstorable";

  private final BlobStore store;
  private final WriteRetries retries;

  ArchiveUploader(BlobStore store, RetryBackoff backoff, RetryBackoff.Pause pause, Clock clock) {
    this.store = store;
    this.retries = new WriteRetries(backoff, pause, clock);
  }

  /** From now on, a failure after {@code deadline} ends the write instead of waiting to retry. */
  void giveUpAt(Instant deadline) {
    retries.giveUpAt(deadline);
  }

  @Override
  public WriteResult write(Batch<ArchiveGroupKey, GzipJsonlAccumulator> batch) throws Exception {
    ArchiveObject object = batch.buffer().toObject(batch.key());
    return retries.untilDone(
        () -> upload(batch, object),
        (e, failures, wait) -> {
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
        });
  }

  private WriteResult upload(
      Batch<ArchiveGroupKey, GzipJsonlAccumulator> batch, ArchiveObject object)
      throws BlobStoreException {
    try {
      BlobStore.Outcome outcome = store.putIfAbsent(object);
      LOG.fine(() -> "Archived " + object + " (" + outcome + ", sealed by " + batch.reason() + ")");
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
    }
  }
}
