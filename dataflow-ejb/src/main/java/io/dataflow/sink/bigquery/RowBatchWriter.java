package io.dataflow.sink.bigquery;

import io.dataflow.sink.batch.Batch;
import io.dataflow.sink.batch.BatchWriter;
import io.dataflow.sink.batch.ListBuffer;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.batch.WriteRetries;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a sealed batch of rows through the {@link RowWriter}, with the failure taxonomy of the
 * pipeline:
 *
 * <ul>
 *   <li><b>A record the destination refuses</b> (a per-row error, or a batch that fails because of
 *       one of its rows, see {@link InsertRetryPolicy#isRecordFailure}): the batch is split in
 *       halves until the culprits are alone; the other rows are written and only the culprits are
 *       dead-lettered.
 *   <li><b>Any other failure</b> (the destination is down, slow, throttling, or refuses the whole
 *       table): after the invoker's prompt retries, the batch waits (doubling from {@link
 *       RetryBackoff#first} to {@link RetryBackoff#max}) and is tried again, for as long as the
 *       failure lasts. Its messages stay unacked meanwhile and the pending bounds push back on
 *       intake; {@link WriterHealth} turns readiness DOWN. An outage never produces a dead letter.
 * </ul>
 *
 * Only at shutdown, past {@link #giveUpAt}, does a failing write end, so the bus redelivers its
 * messages after the restart. The table is prepared first if that has not succeeded yet.
 */
public final class RowBatchWriter implements BatchWriter<String, ListBuffer<Row>> {
  private static final Logger LOG = Logger.getLogger(RowBatchWriter.class.getName());

  private final RowWriter writer;
  private final RowSchema schema;
  private final WriteInvoker invoker;
  private final WriterHealth health;
  private final WriteRetries retries;
  private volatile boolean prepared;

  public RowBatchWriter(
      RowWriter writer,
      RowSchema schema,
      WriteInvoker invoker,
      WriterHealth health,
      RetryBackoff backoff,
      RetryBackoff.Pause pause,
      Clock clock) {
    this.writer = writer;
    this.schema = schema;
    this.invoker = invoker;
    this.health = health;
    this.retries = new WriteRetries(backoff, pause, clock);
  }

  /**
   * Prepares the table now. A failure is logged and retried before the next write, so a start-up
   * without the destination does not stall the deployment; but a table that differs from the schema
   * in a way the writer may not fix fails the start-up, as no row could be written.
   *
   * @return whether it succeeded
   * @throws SchemaMismatchException when the table differs from the schema (see {@link
   *     SchemaDifference})
   */
  public boolean prepare() {
    try {
      ensurePrepared();
      return true;
    } catch (SchemaMismatchException e) {
      health.failed(e);
      throw e;
    } catch (Exception e) {
      health.failed(e);
      LOG.log(
          Level.SEVERE, "Cannot prepare " + writer.destination() + "; retrying on next write", e);
      return false;
    }
  }

  /** From now on, a failure after {@code deadline} ends the write instead of waiting to retry. */
  public void giveUpAt(Instant deadline) {
    retries.giveUpAt(deadline);
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
    List<Row> rows = batch.buffer().records();
    return retries.untilDone(
        () -> {
          ensurePrepared();
          WriteResult result = writeIsolatingCulprits(rows);
          health.succeeded();
          return result;
        },
        (e, failures, wait) -> {
          health.failed(e);
          LOG.log(
              failures == 1 ? Level.WARNING : Level.FINE,
              "Writing "
                  + batch
                  + " to "
                  + writer.destination()
                  + " failed ("
                  + (InsertRetryPolicy.isTransient(e) ? "transient" : "check the destination")
                  + ", failure "
                  + failures
                  + "); its messages stay unacked, next try in "
                  + wait,
              e);
        });
  }

  /**
   * Writes the rows; when the whole request fails because of a row, splits it and writes each half
   * the same way, so that only the rows that fail alone are reported.
   */
  private WriteResult writeIsolatingCulprits(List<Row> rows) throws Exception {
    try {
      return invoker.write(writer, rows);
    } catch (Exception e) {
      if (!InsertRetryPolicy.isRecordFailure(e)) {
        throw e;
      }
      if (rows.size() == 1) {
        return WriteResult.rejected(
            List.of(new WriteResult.RecordFailure(0, RowRejectedException.INVALID, e.toString())));
      }
      int half = rows.size() / 2;
      WriteResult left = writeIsolatingCulprits(rows.subList(0, half));
      WriteResult right = writeIsolatingCulprits(rows.subList(half, rows.size()));
      List<WriteResult.RecordFailure> failures = new ArrayList<>(left.failures());
      for (WriteResult.RecordFailure f : right.failures()) {
        failures.add(new WriteResult.RecordFailure(f.index() + half, f.reason(), f.error()));
      }
      return WriteResult.rejected(failures);
    }
  }
}
