package io.dataflow.sink.archive;

import com.google.cloud.BaseServiceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * Decides whether a failed store call is worth a prompt retry. Kept apart from the retrying (done
 * by MicroProfile Fault Tolerance in {@link RetryingBlobStore}) so it is tested without a
 * container. A failure that is not transient (permission, missing bucket) is not retried promptly,
 * but the batch is still kept and tried again later: nothing is dropped.
 */
public final class UploadRetryPolicy {
  /** HTTP statuses that mean "try again": timeout, throttled and server-side errors. */
  static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private UploadRetryPolicy() {}

  /** Whether the failure is transient. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransientBlobStoreException) {
        return true;
      }
      if (t instanceof BlobStoreException) {
        return false;
      }
      if (t instanceof BaseServiceException e) {
        int code = e.getCode();
        if (TRANSIENT_STATUSES.contains(code)) {
          return true;
        }
        if (code > 0) {
          return false; // an HTTP answer that will not change by asking again
        }
        // code 0: no HTTP answer; decided by the cause below (connection, timeout)
      }
      if (t instanceof IOException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** The exception a store throws for a failure, typed by {@link #isTransient}. */
  public static BlobStoreException classify(String message, Throwable failure) {
    String text = message + ": " + failure;
    return isTransient(failure)
        ? new TransientBlobStoreException(text, failure)
        : new BlobStoreException(text, failure);
  }
}
