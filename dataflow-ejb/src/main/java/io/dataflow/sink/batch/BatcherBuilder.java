package io.dataflow.sink.batch;

import io.dataflow.pipeline.Settlement;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Builds a {@link KeyedBatcher}. Required: writer, limits, bounds, settlement, executor, clock.
 *
 * @param <K> the key type
 * @param <R> the record type
 */
public final class BatcherBuilder<K, R> {
  BatchWriter<K, R> writer;
  BatchLimits limits;
  BatcherBounds bounds;
  BatchBuffer.Factory<K, R> buffers = ListBuffer.factory();
  Settlement settlement;
  Executor executor;
  Clock clock;
  BatchListener listener = BatchListener.NONE;

  public BatcherBuilder<K, R> writer(BatchWriter<K, R> w) {
    this.writer = w;
    return this;
  }

  public BatcherBuilder<K, R> limits(BatchLimits l) {
    this.limits = l;
    return this;
  }

  public BatcherBuilder<K, R> bounds(BatcherBounds b) {
    this.bounds = b;
    return this;
  }

  /** The per-group buffer; a {@link ListBuffer} when not set. */
  public BatcherBuilder<K, R> buffers(BatchBuffer.Factory<K, R> f) {
    this.buffers = f;
    return this;
  }

  public BatcherBuilder<K, R> settlement(Settlement s) {
    this.settlement = s;
    return this;
  }

  /** Runs the writes; the concurrency bound is the batcher's, so it may be unbounded. */
  public BatcherBuilder<K, R> executor(Executor e) {
    this.executor = e;
    return this;
  }

  public BatcherBuilder<K, R> clock(Clock c) {
    this.clock = c;
    return this;
  }

  public BatcherBuilder<K, R> listener(BatchListener l) {
    this.listener = l;
    return this;
  }

  public KeyedBatcher<K, R> build() {
    return new KeyedBatcher<>(this);
  }
}
