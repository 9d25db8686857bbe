package io.dataflow.sink.bigquery;

import io.dataflow.sink.batch.WriteResult;
import java.util.List;

/**
 * The port the sink writes rows through. Adapters: {@code StorageWriteRowWriter}, {@code
 * BigQueryRowWriter}, {@code H2RowWriter}. Thread-safe: several batches are written at once.
 */
public interface RowWriter extends AutoCloseable {
  /**
   * Makes sure the table exists (creating it when the adapter is configured to). Called at
   * start-up, and again before the next write when it failed.
   */
  void prepare(RowSchema schema) throws Exception;

  /**
   * Writes one batch of rows, each once (a row whose insertId was written before is not written
   * again, as far as the destination can tell).
   *
   * @return the rows the destination rejected, by index; they are dead-lettered
   * @throws TransientWriteException when the same call may succeed later (it is retried)
   * @throws Exception when the batch cannot be written; its messages are nacked
   */
  WriteResult write(List<Row> rows) throws Exception;

  /** Where rows go, for logs and health: a table name or a database URL. */
  String destination();

  @Override
  void close();
}
