package io.dataflow.bus.local;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One subscription of a local topic. Its queue is bounded: {@link #offer} blocks the publisher
 * while it is full, so nothing is dropped. At most {@code maxInFlight} deliveries are unacked at
 * once. A nacked delivery comes back after a delay with its attempt count raised; once it reaches
 * {@code maxAttempts} it goes to the dead-letter consumer instead.
 */
public final class LocalSubscription {
  private final String topic;
  private final String name;
  private final BlockingQueue<Delivery> queue;
  private final DelayQueue<Delivery> redeliveries = new DelayQueue<>();
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final int maxAttempts;
  private final Duration redeliveryDelay;
  private final Consumer<Envelope> deadLetters;
  private final LongAdder enqueued = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder nacked = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();

  LocalSubscription(
      String topic,
      String name,
      int capacity,
      int maxInFlight,
      int maxAttempts,
      Duration redeliveryDelay,
      Consumer<Envelope> deadLetters) {
    this.topic = topic;
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxAttempts = maxAttempts;
    this.redeliveryDelay = redeliveryDelay;
    this.deadLetters = deadLetters;
  }

  public String topic() {
    return topic;
  }

  public String name() {
    return name;
  }

  /** Enqueues a first delivery, blocking while the queue is full (backpressure, never a drop). */
  void offer(Envelope envelope) throws InterruptedException {
    queue.put(new Delivery(envelope, 1, 0));
    enqueued.increment();
  }

  /**
   * The next delivery, waiting up to the timeout for both an in-flight slot and a message;
   * redeliveries that are due come first. Null when none is available in time.
   */
  Delivery poll(long timeout, TimeUnit unit) throws InterruptedException {
    if (!inFlight.tryAcquire(timeout, unit)) {
      return null;
    }
    Delivery d = redeliveries.poll();
    if (d == null) {
      d = queue.poll(timeout, unit);
    }
    if (d == null) {
      d = redeliveries.poll();
    }
    if (d == null) {
      inFlight.release();
      return null;
    }
    delivered.increment();
    return d;
  }

  /**
   * The next message of this subscription, waiting up to the timeout; null when none arrived. The
   * caller must ack or nack it. This is what the channel publisher hands to stages, and what tools
   * and tests use to read a topic directly.
   */
  public BusMessage<Envelope> receive(long timeoutMillis) throws InterruptedException {
    Delivery d = poll(timeoutMillis, TimeUnit.MILLISECONDS);
    return d == null
        ? null
        : new BusMessage<>(
            d.envelope,
            new DeliveryMetadata(d.attempt, name),
            () -> ack(d),
            reason -> nack(d, reason));
  }

  void ack(Delivery delivery) {
    acked.increment();
    inFlight.release();
  }

  void nack(Delivery delivery, Throwable reason) {
    nacked.increment();
    try {
      if (delivery.attempt >= maxAttempts) {
        deadLettered.increment();
        String error =
            reason == null
                ? "nacked"
                : reason.getClass().getSimpleName() + ": " + reason.getMessage();
        deadLetters.accept(
            new DeadLetter(
                    name,
                    "max-attempts",
                    "gave up after " + delivery.attempt + " attempts; last error " + error,
                    Instant.now(),
                    delivery.envelope)
                .toEnvelope());
      } else {
        redelivered.increment();
        long delay = redeliveryDelay.toNanos() * Math.min(delivery.attempt, 32);
        redeliveries.add(delivery.redeliveryAfter(delay));
      }
    } finally {
      inFlight.release();
    }
  }

  public SubscriptionStats stats() {
    return new SubscriptionStats(
        topic,
        name,
        queue.size() + redeliveries.size(),
        maxInFlight - inFlight.availablePermits(),
        enqueued.sum(),
        delivered.sum(),
        acked.sum(),
        nacked.sum(),
        redelivered.sum(),
        deadLettered.sum());
  }
}
