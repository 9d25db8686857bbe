package io.dataflow.sink.batch;

import io.dataflow.envelope.Envelope;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A sealed group, handed to the {@link BatchWriter}. The i-th message is the one the i-th record
 * came from.
 *
 * @param key the group key
 * @param buffer the records, in the buffer the batcher's factory made (a {@link ListBuffer}, a
 *     compressor)
 * @param messages the messages to settle once the batch is written
 * @param rawBytes raw bytes of the records
 * @param bufferedBytes buffered bytes when sealed
 * @param firstAt when the first record was added
 * @param lastAt when the last record was added
 * @param sealedAt when the group was sealed
 * @param reason why it was sealed
 * @param <K> the key type
 * @param <B> the buffer type
 */
public record Batch<K, B extends BatchBuffer<?>>(
    K key,
    B buffer,
    List<Message<Envelope>> messages,
    long rawBytes,
    long bufferedBytes,
    Instant firstAt,
    Instant lastAt,
    Instant sealedAt,
    SealReason reason) {

  public int records() {
    return messages.size();
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "Batch[" + key + ", " + records() + " records, " + rawBytes + " bytes, " + reason + "]";
  }
}
