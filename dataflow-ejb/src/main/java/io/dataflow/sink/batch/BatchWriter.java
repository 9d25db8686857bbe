package io.dataflow.sink.batch;

/**
 * Writes one sealed batch durably. Runs on the batcher's write executor, several at once.
 *
 * @param <K> the key type
 * @param <B> the buffer type: the writer reads the records from it without a cast
 */
@FunctionalInterface
public interface BatchWriter<K, B extends BatchBuffer<?>> {
  /**
   * Writes the batch.
   *
   * @return success, or the records the destination rejected (dead-lettered; the rest are acked)
   * @throws Exception when the batch could not be written (after any retries): every message is
   *     nacked so the bus redelivers it
   */
  WriteResult write(Batch<K, B> batch) throws Exception;
}
