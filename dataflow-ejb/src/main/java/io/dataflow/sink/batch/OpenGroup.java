package io.dataflow.sink.batch;

import io.dataflow.envelope.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The mutable state of one open group. Guarded by the batcher's lock. */
final class OpenGroup<K, R, B extends BatchBuffer<R>> {
  final K key;
  final B buffer;
  final List<Message<Envelope>> messages = new ArrayList<>();
  final Instant firstAt;
  Instant lastAt;
  long rawBytes;

  OpenGroup(K key, B buffer, Instant now) {
    this.key = key;
    this.buffer = buffer;
    this.firstAt = now;
    this.lastAt = now;
  }

  void added(Message<Envelope> message, long bytes, Instant now) {
    messages.add(message);
    rawBytes += bytes;
    lastAt = now;
  }

  int records() {
    return messages.size();
  }

  Instant ageDeadline(BatchLimits limits) {
    return firstAt.plus(limits.maxAge());
  }

  /** The time limit that comes first: age, or idle when that is earlier. */
  SealReason nextTimeReason(BatchLimits limits) {
    if (limits.hasIdle() && lastAt.plus(limits.maxIdle()).isBefore(ageDeadline(limits))) {
      return SealReason.IDLE;
    }
    return SealReason.AGE;
  }

  Instant deadline(BatchLimits limits) {
    return nextTimeReason(limits) == SealReason.IDLE
        ? lastAt.plus(limits.maxIdle())
        : ageDeadline(limits);
  }

  Batch<K, B> seal(SealReason reason, Instant now) {
    return new Batch<>(
        key,
        buffer,
        List.copyOf(messages),
        rawBytes,
        buffer.bufferedBytes(),
        firstAt,
        lastAt,
        now,
        reason);
  }

  GroupSnapshot<K> snapshot(BatchLimits limits, boolean held) {
    return new GroupSnapshot<>(
        key,
        records(),
        rawBytes,
        buffer.bufferedBytes(),
        firstAt,
        nextTimeReason(limits),
        deadline(limits),
        held);
  }
}
