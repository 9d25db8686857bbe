package io.dataflow.sink.bigquery;

import com.google.cloud.BaseServiceException;
import io.dataflow.gcp.TransientFailures;
import io.dataflow.gcp.TransientFailures.Verdict;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * Decides which failures are worth retrying with the same rows. The backoff itself is {@link
 * FaultTolerantRowWriter}'s; this class only classifies, so it is tested without a container.
 * Google's statuses and network failures are classified by {@link TransientFailures}; this policy
 * adds BigQuery's error reasons, the Storage Write API's gRPC statuses (raised by its client as
 * {@link StatusRuntimeException}, not as gax exceptions) and the embedded store's transient SQL
 * failures (lock timeouts).
 */
public final class InsertRetryPolicy {
  /** BigQuery error reasons that say "try again", on the request or on a single row. */
  private static final Set<String> TRANSIENT_REASONS =
      Set.of("backendError", "internalError", "rateLimitExceeded", "timeout", "stopped");

  /**
   * Storage Write API statuses that say "try again": the shared transient gRPC codes, and ABORTED
   * and CANCELLED, which the client library itself treats as a broken connection.
   */
  private static final Set<Status.Code> TRANSIENT_APPEND_CODES =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  private InsertRetryPolicy() {}

  /** True when a Storage Write API call that ended with {@code code} may succeed if sent again. */
  public static boolean isTransientAppend(Status.Code code) {
    return TRANSIENT_APPEND_CODES.contains(code);
  }

  /** True when the failure of a whole request is transient. */
  public static boolean isTransient(Throwable failure) {
    return TransientFailures.isTransient(failure, InsertRetryPolicy::writerVerdict);
  }

  private static Verdict writerVerdict(Throwable t) {
    if (t instanceof TransientWriteException) {
      return Verdict.TRANSIENT;
    }
    if (t instanceof StatusRuntimeException s) {
      return isTransientAppend(s.getStatus().getCode()) ? Verdict.TRANSIENT : Verdict.PERMANENT;
    }
    if (t instanceof BaseServiceException s && isRowRetryable(s.getReason())
        || t instanceof SQLTransientException) { // includes SQLTimeoutException
      return Verdict.TRANSIENT;
    }
    return Verdict.UNDECIDED;
  }

  /**
   * True when a whole request failed because of what one of its rows holds, so that splitting the
   * batch finds the culprit: a value the embedded store cannot take (SQL states of class 22, data
   * exceptions, and 23, constraint violations), a row value that cannot be converted, or BigQuery's
   * {@code invalid} on the request. A failure of the destination itself (down, missing, forbidden)
   * is not: it is retried until it ends, for every row alike.
   */
  public static boolean isRecordFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransientWriteException || isTransient(t)) {
        return false;
      }
      if (t instanceof SQLDataException || t instanceof SQLIntegrityConstraintViolationException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
          return true;
        }
      }
      if (t instanceof DateTimeException || t instanceof ArithmeticException) {
        return true;
      }
      if (t instanceof BaseServiceException s
          && s.getCode() == 400
          && "invalid".equals(s.getReason())) {
        return true;
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
