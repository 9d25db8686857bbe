package io.dataflow.sink.batch;

import java.time.Duration;

/** Hooks for metrics and logs. Called outside the batcher's lock; must be quick and not throw. */
public interface BatchListener {
  BatchListener NONE = new BatchListener() {};

  /** A group was sealed. */
  default void sealed(Batch<?, ?> batch) {}

  /** A batch was written; {@code result} lists the rejected records. */
  default void written(Batch<?, ?> batch, WriteResult result, Duration latency) {}

  /** A batch could not be written; its messages are nacked. */
  default void failed(Batch<?, ?> batch, Throwable error, Duration latency) {}
}
