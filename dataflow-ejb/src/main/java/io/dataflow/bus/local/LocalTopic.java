package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local topic: every subscription gets every message (fan-out). {@link #publish} returns once
 * every subscription has queued the message, and blocks while any of them is full.
 */
public final class LocalTopic {
  private final String name;
  private final List<LocalSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final LongAdder published = new LongAdder();

  LocalTopic(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Queues the envelope on every subscription; blocks while a subscription's queue is full. */
  public void publish(Envelope envelope) throws InterruptedException {
    for (LocalSubscription s : subscriptions) {
      s.offer(envelope);
    }
    published.increment();
  }

  public long published() {
    return published.sum();
  }

  public List<LocalSubscription> subscriptions() {
    return List.copyOf(subscriptions);
  }

  synchronized LocalSubscription subscription(
      String subscriptionName, java.util.function.Supplier<LocalSubscription> factory) {
    for (LocalSubscription s : subscriptions) {
      if (s.name().equals(subscriptionName)) {
        return s;
      }
    }
    LocalSubscription created = factory.get();
    subscriptions.add(created);
    return created;
  }
}
