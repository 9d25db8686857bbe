package io.dataflow.sink.batch;

/**
 * Accumulates the records of one group until it is sealed: a list of rows, or a stream that
 * compresses records as they arrive. Called under the batcher's lock, never concurrently.
 *
 * @param <R> the record type
 */
public interface BatchBuffer<R> {
  /**
   * Adds a record. Either the record is added, or an exception is thrown and the buffer is as it
   * was (the batcher then refuses the record and the caller settles its message).
   *
   * @param record the record
   * @param bytes its raw size, as counted by the byte trigger
   */
  void add(R record, long bytes);

  /** The memory the buffer holds now (the compressed size for a compressing buffer). */
  long bufferedBytes();

  /** Called once when the group is sealed, before the writer sees it (e.g. to finish a stream). */
  default void seal() {}

  /**
   * Creates the buffer of a new group.
   *
   * @param <K> the group key type
   * @param <B> the buffer type, which the batch writer receives as it is
   */
  @FunctionalInterface
  interface Factory<K, B extends BatchBuffer<?>> {
    B create(K key);
  }
}
