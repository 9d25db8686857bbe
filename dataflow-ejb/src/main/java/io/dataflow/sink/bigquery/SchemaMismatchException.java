package io.dataflow.sink.bigquery;

/**
 * The table differs from the row schema in a way the writer may not or cannot fix ({@link
 * SchemaDifference}). It fails the start-up: no batch could be written.
 */
public final class SchemaMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SchemaMismatchException(String message) {
    super(message);
  }
}
