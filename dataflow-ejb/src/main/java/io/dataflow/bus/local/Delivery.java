package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * One delivery of an envelope to a subscription; {@code attempt} starts at 1. {@code seq} is the
 * message's journal sequence number, or -1 on a bus without a journal.
 */
final class Delivery implements Delayed {
  final long seq;
  final Envelope envelope;
  final int attempt;
  private final long notBeforeNanos;

  Delivery(long seq, Envelope envelope, int attempt, long notBeforeNanos) {
    this.seq = seq;
    this.envelope = envelope;
    this.attempt = attempt;
    this.notBeforeNanos = notBeforeNanos;
  }

  Delivery redeliveryAfter(long delayNanos) {
    return new Delivery(seq, envelope, attempt + 1, System.nanoTime() + delayNanos);
  }

  @Override
  public long getDelay(TimeUnit unit) {
    return unit.convert(notBeforeNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int compareTo(Delayed o) {
    return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
  }
}
