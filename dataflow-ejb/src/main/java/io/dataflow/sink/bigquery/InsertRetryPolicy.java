package io.dataflow.sink.bigquery;

import com.google.cloud.BaseServiceException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides which failures are worth retrying with the same rows. The backoff itself is {@link
 * FaultTolerantRowWriter}'s; this class only classifies, so it is tested without a container.
 */
public final class InsertRetryPolicy {
  private static final Set<Integer> TRANSIENT_CODES = Set.of(408, 429, 500, 502, 503, 504);

  /** BigQuery error reasons that say "try again", on the request or on a single row. */
  private static final Set<String> TRANSIENT_REASONS =
      Set.of("backendError", "internalError", "rateLimitExceeded", "timeout", "stopped");

  private InsertRetryPolicy() {}

  /** True when the failure of a whole request is transient. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException s
          && (TRANSIENT_CODES.contains(s.getCode()) || isRowRetryable(s.getReason()))) {
        return true;
      }
      // The client (gax 2.74, google-http-client 2.1) reports a read timeout of an insertAll as a
      // BigQueryException caused by an InterruptedException; the calling thread is not interrupted.
      if (t instanceof InterruptedException && t != failure) {
        return true;
      }
      if (t instanceof InterruptedIOException // includes SocketTimeoutException
          || t instanceof ConnectException
          || t instanceof SocketException
          || t instanceof SQLTimeoutException
          || t instanceof SQLTransientException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * True when a per-row error reason means the row itself is fine and the request should be sent
   * again ({@code stopped}: another row stopped the insert; {@code backendError}, {@code timeout}).
   * Other reasons ({@code invalid}, ...) mean the row is bad and goes to the dead letter.
   */
  public static boolean isRowRetryable(String reason) {
    return reason != null && TRANSIENT_REASONS.contains(reason);
  }
}
