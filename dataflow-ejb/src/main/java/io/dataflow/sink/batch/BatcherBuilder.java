package io.dataflow.sink.batch;

import io.dataflow.pipeline.Settlement;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Builds a {@link KeyedBatcher}; made by {@link KeyedBatcher#builder}, which takes the buffer
 * factory and the writer. Required: limits, bounds, settlement, executor, clock.
 *
 * @param <K> the key type
 * @param <R> the record type
 * @param <B> the buffer type
 */
public final class BatcherBuilder<K, R, B extends BatchBuffer<R>> {
  final BatchBuffer.Factory<K, B> buffers;
  final BatchWriter<K, B> writer;
  BatchLimits limits;
  BatcherBounds bounds;
  Settlement settlement;
  Executor executor;
  Clock clock;
  BatchListener listener = BatchListener.NONE;

  BatcherBuilder(BatchBuffer.Factory<K, B> buffers, BatchWriter<K, B> writer) {
    this.buffers = buffers;
    this.writer = writer;
  }

  public BatcherBuilder<K, R, B> limits(BatchLimits l) {
    this.limits = l;
    return this;
  }

  public BatcherBuilder<K, R, B> bounds(BatcherBounds b) {
    this.bounds = b;
    return this;
  }

  public BatcherBuilder<K, R, B> settlement(Settlement s) {
    this.settlement = s;
    return this;
  }

  /** Runs the writes; the concurrency bound is the batcher's, so it may be unbounded. */
  public BatcherBuilder<K, R, B> executor(Executor e) {
    this.executor = e;
    return this;
  }

  public BatcherBuilder<K, R, B> clock(Clock c) {
    this.clock = c;
    return this;
  }

  public BatcherBuilder<K, R, B> listener(BatchListener l) {
    this.listener = l;
    return this;
  }

  public KeyedBatcher<K, R, B> build() {
    return new KeyedBatcher<>(this);
  }
}
