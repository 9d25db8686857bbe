package io.dataflow.sink.batch;

/**
 * Bounds over all groups of one batcher. Reaching a pending bound blocks {@code add} until written
 * batches free room; reaching the open-group bound seals the oldest group instead. Nothing is
 * dropped.
 *
 * @param maxPendingRecords records held (open, sealed and being written)
 * @param maxPendingBytes buffered bytes held ({@link BatchBuffer#bufferedBytes()}, the memory)
 * @param maxOpenGroups groups open at once
 * @param maxConcurrentWrites batches being written at once
 */
public record BatcherBounds(
    long maxPendingRecords, long maxPendingBytes, int maxOpenGroups, int maxConcurrentWrites) {
  public BatcherBounds {
    if (maxPendingRecords < 1
        || maxPendingBytes < 1
        || maxOpenGroups < 1
        || maxConcurrentWrites < 1) {
      throw new IllegalArgumentException("bounds must be positive: " + this);
    }
  }
}
