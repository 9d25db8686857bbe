package io.dataflow.sink.bigquery;

import io.dataflow.sink.batch.WriteResult;
import java.util.List;

/** Calls a {@link RowWriter}, possibly with retries ({@link FaultTolerantRowWriter}). */
@FunctionalInterface
public interface WriteInvoker {
  /** One attempt, no retry. */
  WriteInvoker ONCE = RowWriter::write;

  WriteResult write(RowWriter writer, List<Row> rows) throws Exception;
}
