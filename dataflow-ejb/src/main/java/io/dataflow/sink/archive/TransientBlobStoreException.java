package io.dataflow.sink.archive;

/** A failure that a prompt retry may fix: a 5xx, 429, 408, timeout or connection error. */
public class TransientBlobStoreException extends BlobStoreException {
  private static final long serialVersionUID = 1L;

  public TransientBlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
