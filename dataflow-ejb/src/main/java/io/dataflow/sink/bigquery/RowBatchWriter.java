package io.dataflow.sink.bigquery;

import io.dataflow.sink.batch.Batch;
import io.dataflow.sink.batch.BatchWriter;
import io.dataflow.sink.batch.ListBuffer;
import io.dataflow.sink.batch.WriteResult;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a sealed batch of rows through the {@link RowWriter}: prepares the table first if that has
 * not succeeded yet, and records the outcome in {@link WriterHealth}.
 */
public final class RowBatchWriter implements BatchWriter<String, ListBuffer<Row>> {
  private static final Logger LOG = Logger.getLogger(RowBatchWriter.class.getName());

  private final RowWriter writer;
  private final RowSchema schema;
  private final WriteInvoker invoker;
  private final WriterHealth health;
  private volatile boolean prepared;

  public RowBatchWriter(
      RowWriter writer, RowSchema schema, WriteInvoker invoker, WriterHealth health) {
    this.writer = writer;
    this.schema = schema;
    this.invoker = invoker;
    this.health = health;
  }

  /**
   * Prepares the table now. A failure is logged and retried before the next write, so a start-up
   * without the destination does not stall the deployment.
   *
   * @return whether it succeeded
   */
  public boolean prepare() {
    try {
      ensurePrepared();
      return true;
    } catch (Exception e) {
      health.failed(e);
      LOG.log(
          Level.SEVERE, "Cannot prepare " + writer.destination() + "; retrying on next write", e);
      return false;
    }
  }

  private synchronized void ensurePrepared() throws Exception {
    if (!prepared) {
      writer.prepare(schema);
      prepared = true;
      LOG.info("Rows are written to " + writer.destination());
    }
  }

  @Override
  public WriteResult write(Batch<String, ListBuffer<Row>> batch) throws Exception {
    try {
      ensurePrepared();
      WriteResult result = invoker.write(writer, batch.buffer().records());
      health.succeeded();
      return result;
    } catch (Exception e) {
      health.failed(e);
      throw e;
    }
  }
}
