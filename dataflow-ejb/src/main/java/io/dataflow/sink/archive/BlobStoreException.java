package io.dataflow.sink.archive;

/** A blob store write or read failed; retrying later may still succeed (nothing is dropped). */
public class BlobStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
