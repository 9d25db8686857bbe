package io.dataflow.sink.bigquery;

import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.batch.KeyedBatcher;
import io.dataflow.sink.batch.ListBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Accepts envelopes into row batches. An envelope that cannot become a row, or whose row is larger
 * than a batch may be, goes to the dead letter; the others are settled once their batch is written.
 * Container-free, so tests drive it directly.
 */
public final class RowStreamer {
  private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

  private final RowTransformer transformer;
  private final KeyedBatcher<String, Row, ListBuffer<Row>> batcher;
  private final Settlement settlement;
  private final StageMetrics metrics;
  private final long maxRowBytes;
  private final String table;

  /**
   * @param maxRowBytes rows estimated larger than this are dead-lettered ({@code oversize})
   * @param table the group key: all rows of this sink go to one table
   */
  public RowStreamer(
      RowTransformer transformer,
      KeyedBatcher<String, Row, ListBuffer<Row>> batcher,
      Settlement settlement,
      StageMetrics metrics,
      long maxRowBytes,
      String table) {
    this.transformer = transformer;
    this.batcher = batcher;
    this.settlement = settlement;
    this.metrics = metrics;
    this.maxRowBytes = maxRowBytes;
    this.table = table;
  }

  /**
   * Takes one message into a batch. Blocks while the batcher is full (backpressure); the returned
   * stage is complete once the message is accepted, long before it is acked.
   */
  public CompletionStage<Void> accept(Message<Envelope> message) {
    long start = System.nanoTime();
    metrics.received();
    try {
      return take(message);
    } finally {
      metrics.processed(start);
    }
  }

  private CompletionStage<Void> take(Message<Envelope> message) {
    Row row;
    try {
      row = transformer.toRow(message.getPayload());
      if (row.bytes() > maxRowBytes) {
        throw new RowRejectedException(
            "oversize", "row of ~" + row.bytes() + " bytes exceeds the batch limit " + maxRowBytes);
      }
    } catch (RowRejectedException e) {
      settlement.deadLetter(message, e.reason(), e.getMessage());
      return ACCEPTED;
    } catch (RuntimeException e) {
      settlement.deadLetter(message, "transform-error", String.valueOf(e));
      return ACCEPTED;
    }
    try {
      batcher.add(table, row, row.bytes(), message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settlement.nack(message, e);
    } catch (RuntimeException e) {
      // Shut down, or the buffer refused the row: the bus redelivers it.
      settlement.nack(message, e);
    }
    return ACCEPTED;
  }

  public KeyedBatcher<String, Row, ListBuffer<Row>> batcher() {
    return batcher;
  }
}
