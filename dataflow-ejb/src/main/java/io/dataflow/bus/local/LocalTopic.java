package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A local topic: every subscription gets every message (fan-out). A publish blocks while any
 * subscription is full. With a journal, a message counts as published once its journal record is
 * durable; subscriptions recorded in the journal keep it until they ack it, across restarts.
 */
public final class LocalTopic {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private final String name;
  private final TopicJournal journal;
  private final List<LocalSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final LongAdder published = new LongAdder();

  LocalTopic(String name) {
    this(name, null);
  }

  /** A topic journaled in {@code journal}, or kept in memory only when it is null. */
  LocalTopic(String name, TopicJournal journal) {
    this.name = name;
    this.journal = journal;
  }

  public String name() {
    return name;
  }

  /**
   * Publishes and waits until the message is durable (journaled topics); blocks while a
   * subscription's queue is full.
   *
   * @throws IllegalStateException if the journal cannot take the message
   */
  public void publish(Envelope envelope) throws InterruptedException {
    try {
      publishAsync(envelope).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Local topic " + name + " could not journal message " + envelope.id(), e.getCause());
    }
  }

  /**
   * Journals the envelope and queues it on every subscription, blocking while one is full. The
   * stage completes once the journal record is on disk (at once without a journal); only then may
   * the producer treat the message as accepted. It fails if the journal cannot take the message.
   */
  public CompletableFuture<Void> publishAsync(Envelope envelope) throws InterruptedException {
    long seq = -1;
    CompletableFuture<Void> durable = DONE;
    List<LocalSubscription> targets = subscriptions;
    if (journal != null) {
      byte[] bytes = EnvelopeCodec.encode(envelope);
      synchronized (this) {
        TopicJournal.Appended appended;
        try {
          appended = journal.publish(bytes);
        } catch (UncheckedIOException e) {
          // Not journaled (a full disk): not queued either; the producer sees it and retries.
          return CompletableFuture.failedFuture(e);
        }
        seq = appended.seq();
        durable = appended.durable();
        targets = List.copyOf(subscriptions);
      }
    }
    for (LocalSubscription s : targets) {
      s.offer(seq, envelope);
    }
    published.increment();
    return durable;
  }

  public long published() {
    return published.sum();
  }

  public List<LocalSubscription> subscriptions() {
    return List.copyOf(subscriptions);
  }

  /** The topic's journal, if it has one. */
  java.util.Optional<TopicJournal> journal() {
    return java.util.Optional.ofNullable(journal);
  }

  synchronized LocalSubscription subscription(
      String subscriptionName, Supplier<LocalSubscription> factory) {
    for (LocalSubscription s : subscriptions) {
      if (s.name().equals(subscriptionName)) {
        return s;
      }
    }
    LocalSubscription created = factory.get();
    if (journal != null) {
      // Under the topic's lock: the backlog ends where the queue's messages begin.
      created.journaled(journal, journal.attach(subscriptionName));
    }
    subscriptions.add(created);
    return created;
  }
}
