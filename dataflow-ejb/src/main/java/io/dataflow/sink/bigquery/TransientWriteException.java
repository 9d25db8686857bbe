package io.dataflow.sink.bigquery;

/**
 * A write that failed in a way a retry of the same rows may fix (429, 5xx, a timeout). Retried by
 * {@link FaultTolerantRowWriter}; the rows keep their insertIds, so a retry after a write that did
 * land is de-duplicated.
 */
public final class TransientWriteException extends Exception {
  private static final long serialVersionUID = 1L;

  public TransientWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
