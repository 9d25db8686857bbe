package io.dataflow.sink.archive;

/**
 * The object itself can never be stored as it is (its name is one the stores refuse): trying again
 * cannot help, so its records are dead-lettered instead of holding an upload slot for ever.
 */
public class UnstorableObjectException extends BlobStoreException {
  private static final long serialVersionUID = 1L;

  public UnstorableObjectException(String message) {
    super(message, null);
  }
}
