package io.dataflow.sink.bigquery;

import io.dataflow.envelope.Envelope;

/**
 * Turns an envelope into a row of the table it declares. Implementations are CDI beans with a
 * {@code @Named} name, chosen by {@code dataflow.bigquery.transformer}; {@link
 * DefaultRowTransformer} is the default. Implementations must be thread-safe.
 */
public interface RowTransformer {
  /** The table this transformer's rows belong to. */
  RowSchema schema();

  /**
   * The row for an envelope. Its insertId must be stable across redelivery (the envelope id).
   *
   * @throws RowRejectedException when the envelope cannot become a row; it is dead-lettered with
   *     the exception's reason
   */
  Row toRow(Envelope envelope) throws RowRejectedException;
}
