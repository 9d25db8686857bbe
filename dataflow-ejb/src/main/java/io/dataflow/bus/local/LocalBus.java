package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The in-JVM bus: named topics, created on first use, each with its subscriptions. */
@ApplicationScoped
public class LocalBus {
  private static final Logger LOG = Logger.getLogger(LocalBus.class.getName());
  private final ConcurrentMap<String, LocalTopic> topics = new ConcurrentHashMap<>();

  public LocalTopic topic(String name) {
    return topics.computeIfAbsent(name, LocalTopic::new);
  }

  /**
   * The named subscription of a topic, created with these limits if it does not exist yet.
   * Deliveries that exhaust their attempts are published to {@code deadLetterTopic}.
   */
  public LocalSubscription subscribe(
      String topicName,
      String subscriptionName,
      int capacity,
      int maxInFlight,
      int maxAttempts,
      Duration redeliveryDelay,
      String deadLetterTopic) {
    LocalTopic topic = topic(topicName);
    return topic.subscription(
        subscriptionName,
        () ->
            new LocalSubscription(
                topicName,
                subscriptionName,
                capacity,
                maxInFlight,
                maxAttempts,
                redeliveryDelay,
                dead -> publishDeadLetter(deadLetterTopic, dead)));
  }

  public Collection<LocalTopic> topics() {
    return List.copyOf(topics.values());
  }

  /** Messages queued on any subscription and not yet handed to its consumer. */
  public long queued() {
    return stats().stream().mapToLong(SubscriptionStats::depth).sum();
  }

  public List<SubscriptionStats> stats() {
    return topics.values().stream()
        .flatMap(t -> t.subscriptions().stream())
        .map(LocalSubscription::stats)
        .toList();
  }

  private void publishDeadLetter(String deadLetterTopic, Envelope dead) {
    try {
      topic(deadLetterTopic).publish(dead);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(
          Level.SEVERE,
          "Interrupted while dead-lettering envelope " + dead.id() + " to " + deadLetterTopic);
    }
  }
}
