package io.dataflow.bus.local;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscription of a local topic. Its queue is bounded: {@link #offer} blocks the publisher
 * while it is full, so nothing is dropped. At most {@code maxInFlight} deliveries are unacked at
 * once. A nacked delivery comes back after a delay with its attempt count raised; the delay doubles
 * per attempt up to a minute. Once it reaches {@code maxAttempts} it goes to the dead-letter
 * consumer with reason {@code max-attempts}: a last resort for a message that fails on every try,
 * not the end of an outage (the stages wait outages out without nacking).
 *
 * <p>On a journaled topic an ack (or a dead letter) is recorded in the journal, and the backlog the
 * journal holds for this subscription is replayed first, read lazily as delivery slots free up.
 */
public final class LocalSubscription {
  private static final Logger LOG = Logger.getLogger(LocalSubscription.class.getName());
  private final String topic;
  private final String name;
  private final BlockingQueue<Delivery> queue;
  private final DelayQueue<Delivery> redeliveries = new DelayQueue<>();
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final int maxAttempts;
  private final Duration redeliveryDelay;
  private final Predicate<Envelope> deadLetters;
  private volatile TopicJournal journal;
  private volatile JournalReplay replay;
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
      Predicate<Envelope> deadLetters) {
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

  /** Connects the subscription to its topic's journal, with the backlog to deliver first. */
  void journaled(TopicJournal journal, JournalReplay replay) {
    this.journal = journal;
    this.replay = replay;
  }

  /** Enqueues a first delivery, blocking while the queue is full (backpressure, never a drop). */
  void offer(long seq, Envelope envelope) throws InterruptedException {
    queue.put(new Delivery(seq, envelope, 1, 0));
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
      d = replayed();
    }
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

  /** The next message of the journal backlog, or null once it is done. */
  private Delivery replayed() {
    JournalReplay r = replay;
    while (r != null) {
      try {
        JournalRecord record = r.next();
        if (record == null) {
          replay = null;
          return null;
        }
        try {
          enqueued.increment();
          return new Delivery(record.seq(), EnvelopeCodec.decode(record.data()), 1, 0);
        } catch (EnvelopeFormatException e) {
          LOG.log(
              Level.SEVERE,
              "Journal of topic " + topic + " holds an unreadable message " + record.seq(),
              e);
          journal.ack(name, record.seq());
        }
      } catch (IOException e) {
        LOG.log(
            Level.SEVERE,
            "Cannot read the journal backlog of "
                + topic
                + "/"
                + name
                + "; the rest is replayed after the next restart",
            e);
        replay = null;
        try {
          r.abort();
        } catch (IOException ignored) {
          // already failing
        }
        return null;
      }
    }
    return null;
  }

  void ack(Delivery delivery) {
    acked.increment();
    settled(delivery);
    inFlight.release();
  }

  /** Records in the journal that this subscription is done with the message. */
  private void settled(Delivery delivery) {
    TopicJournal j = journal;
    if (j != null && delivery.seq >= 0) {
      j.ack(name, delivery.seq);
    }
  }

  /** The longest wait before a nacked message comes back. */
  static final Duration MAX_REDELIVERY_DELAY = Duration.ofMinutes(1);

  /** The wait after the given attempt: {@code redelivery-delay}, doubling, at most a minute. */
  Duration redeliveryDelay(int attempt) {
    Duration d = redeliveryDelay;
    for (int i = 1; i < attempt && d.compareTo(MAX_REDELIVERY_DELAY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_REDELIVERY_DELAY) > 0 ? MAX_REDELIVERY_DELAY : d;
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
        boolean published =
            deadLetters.test(
                new DeadLetter(
                        name,
                        "max-attempts",
                        "gave up after " + delivery.attempt + " attempts; last error " + error,
                        Instant.now(),
                        delivery.envelope)
                    .toEnvelope());
        if (published) {
          settled(delivery);
        }
      } else {
        redelivered.increment();
        redeliveries.add(delivery.redeliveryAfter(redeliveryDelay(delivery.attempt).toNanos()));
      }
    } finally {
      inFlight.release();
    }
  }

  private int backlog() {
    JournalReplay r = replay;
    return r == null ? 0 : r.remaining();
  }

  public SubscriptionStats stats() {
    return new SubscriptionStats(
        topic,
        name,
        queue.size() + redeliveries.size() + backlog(),
        maxInFlight - inFlight.availablePermits(),
        enqueued.sum(),
        delivered.sum(),
        acked.sum(),
        nacked.sum(),
        redelivered.sum(),
        deadLettered.sum());
  }
}
