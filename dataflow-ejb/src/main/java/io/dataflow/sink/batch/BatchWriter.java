package io.dataflow.sink.batch;

/**
 * Writes one sealed batch durably. Runs on the batcher's write executor, several at once.
 *
 * @param <K> the key type
 * @param <R> the record type
 */
@FunctionalInterface
public interface BatchWriter<K, R> {
  /**
   * Writes the batch.
   *
   * @return success, or the records the destination rejected (dead-lettered; the rest are acked)
   * @throws Exception when the batch could not be written (after any retries): every message is
   *     nacked so the bus redelivers it
   */
  WriteResult write(Batch<K, R> batch) throws Exception;
}
