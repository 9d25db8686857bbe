package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.cloud.bigquery.storage.v1.Exceptions;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How one append ended when it did not succeed, read from what the Storage Write client raised. The
 * decision of what to do is the callers' ({@link CommittedAppends}, {@link DefaultAppends});
 * whether a status is worth retrying is {@link InsertRetryPolicy}'s.
 */
final class AppendFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** The IAM role that grants appending to a table and creating its write streams. */
  static final String ROLE = "roles/bigquery.dataEditor";

  enum Kind {
    /** ALREADY_EXISTS: rows are at this offset already; for a re-sent append, success. */
    ALREADY_WRITTEN,
    /** OUT_OF_RANGE: the offset is past the stream's end; nothing was written. */
    GAP,
    /** Some rows were refused (BigQuery writes none of the append's rows then). */
    ROW_ERRORS,
    /** The table does not take the writer schema (its columns differ). */
    SCHEMA_MISMATCH,
    /** The caller may not write the table. */
    PERMISSION_DENIED,
    /** The stream takes no more appends. */
    STREAM_FINALIZED,
    /** The outcome is unknown but a retry may settle it (timeout, connection, throttling). */
    TRANSIENT,
    /** Anything else: the table is missing, the request is malformed. */
    PERMANENT
  }

  private final Kind kind;
  private final transient Map<Integer, String> rowErrors;

  private AppendFailure(Kind kind, String message, Throwable cause, Map<Integer, String> rows) {
    super(message, cause);
    this.kind = kind;
    this.rowErrors = rows;
  }

  Kind kind() {
    return kind;
  }

  /** BigQuery's message per refused row, by index in the append. */
  Map<Integer, String> rowErrors() {
    return rowErrors;
  }

  /** Reads a failure of {@code future.get}. */
  static AppendFailure of(Throwable failure, String stream) {
    Throwable t =
        failure instanceof ExecutionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof TimeoutException) {
      return new AppendFailure(Kind.TRANSIENT, "no answer in time from " + stream, t, Map.of());
    }
    if (t instanceof Exceptions.AppendSerializtionError e) {
      return new AppendFailure(
          Kind.ROW_ERRORS, e.getMessage(), e, Map.copyOf(e.getRowIndexToErrorMessage()));
    }
    if (t instanceof Exceptions.OffsetAlreadyExists) {
      return new AppendFailure(Kind.ALREADY_WRITTEN, t.getMessage(), t, Map.of());
    }
    if (t instanceof Exceptions.OffsetOutOfRange) {
      return new AppendFailure(Kind.GAP, t.getMessage(), t, Map.of());
    }
    if (t instanceof Exceptions.SchemaMismatchedException) {
      return new AppendFailure(
          Kind.SCHEMA_MISMATCH,
          "the table's columns do not match the writer schema of " + stream + ": " + t.getMessage(),
          t,
          Map.of());
    }
    if (t instanceof Exceptions.StreamFinalizedException) {
      return new AppendFailure(Kind.STREAM_FINALIZED, t.getMessage(), t, Map.of());
    }
    Status.Code code = code(t);
    if (code == Status.Code.ALREADY_EXISTS) {
      return new AppendFailure(Kind.ALREADY_WRITTEN, t.getMessage(), t, Map.of());
    }
    if (code == Status.Code.OUT_OF_RANGE) {
      return new AppendFailure(Kind.GAP, t.getMessage(), t, Map.of());
    }
    if (code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED) {
      return permissionDenied(stream, t);
    }
    if (InsertRetryPolicy.isTransient(t) || t instanceof Exceptions.StreamWriterClosedException) {
      return new AppendFailure(Kind.TRANSIENT, String.valueOf(t), t, Map.of());
    }
    return new AppendFailure(Kind.PERMANENT, String.valueOf(t), t, Map.of());
  }

  /** A refused call, with the role to grant in its message. */
  static AppendFailure permissionDenied(String what, Throwable t) {
    return new AppendFailure(
        Kind.PERMISSION_DENIED,
        "Not allowed to write "
            + what
            + " through the Storage Write API: grant the server's service account the IAM role "
            + ROLE
            + " on the dataset (and enable bigquerystorage.googleapis.com): "
            + t.getMessage(),
        t,
        Map.of());
  }

  /** Whether a call to the write client (create, finalize) was refused for lack of permission. */
  static boolean isPermissionDenied(Throwable t) {
    Status.Code c = code(t);
    return c == Status.Code.PERMISSION_DENIED || c == Status.Code.UNAUTHENTICATED;
  }

  /** The gRPC status code anywhere in the cause chain, or UNKNOWN. */
  static Status.Code code(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      if (t instanceof com.google.api.gax.rpc.ApiException a
          && a.getStatusCode().getTransportCode() instanceof Status.Code c) {
        return c;
      }
    }
    return Status.Code.UNKNOWN;
  }
}
