package io.dataflow.sink.batch;

/** Thrown by {@link KeyedBatcher#add} once the batcher is shutting down. */
public final class BatcherClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public BatcherClosedException() {
    super("the batcher is shut down and accepts no more records");
  }
}
