package io.dataflow.sink.archive;

import io.dataflow.gcp.TransientFailures;
import io.dataflow.gcp.TransientFailures.Verdict;
import java.io.IOException;

/**
 * Decides whether a failed store call is worth a prompt retry. Kept apart from the retrying (done
 * by MicroProfile Fault Tolerance in {@link FaultTolerantUploads}) so it is tested without a
 * container. Google's statuses and network failures are classified by {@link TransientFailures};
 * this policy adds the store's own exceptions, and counts every I/O failure (a full disk, a reset
 * upload) as transient. A failure that is not transient (permission, missing bucket) is not retried
 * promptly, but the batch is still kept and tried again later: nothing is dropped.
 */
public final class UploadRetryPolicy {
  private UploadRetryPolicy() {}

  /** Whether the failure is transient. */
  public static boolean isTransient(Throwable failure) {
    return TransientFailures.isTransient(failure, UploadRetryPolicy::storeVerdict);
  }

  private static Verdict storeVerdict(Throwable t) {
    if (t instanceof TransientBlobStoreException || t instanceof IOException) {
      return Verdict.TRANSIENT;
    }
    if (t instanceof BlobStoreException) {
      return Verdict.PERMANENT;
    }
    return Verdict.UNDECIDED;
  }

  /** The exception a store throws for a failure, typed by {@link #isTransient}. */
  public static BlobStoreException classify(String message, Throwable failure) {
    String text = message + ": " + failure;
    return isTransient(failure)
        ? new TransientBlobStoreException(text, failure)
        : new BlobStoreException(text, failure);
  }
}
