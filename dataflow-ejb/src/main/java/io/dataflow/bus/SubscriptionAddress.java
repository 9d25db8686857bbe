package io.dataflow.bus;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Addressing one subscription of a topic that several subscriptions read. A topic fans out to every
 * subscription ({@code enriched} feeds both sinks), but a replay of a dead letter from one sink
 * must reach that sink only. Such an envelope carries {@value #ATTR_DELIVER_TO} = the name of the
 * subscription meant; every incoming channel of both buses (in-JVM and Pub/Sub) reads its messages
 * through {@link #filter}, which acks and skips a message addressed to another subscription, and
 * hands on one addressed to its own without the attribute (so the stage's output goes to all of its
 * own subscribers again: a replay into enrich reaches both sinks).
 *
 * <p>A dead letter is never skipped: when a subscription gives up on an addressed message ({@code
 * max-attempts}), the dead letter still carries the address of the sink it was meant for, and it
 * must reach the dead-letter recorder all the same.
 *
 * <p>On Pub/Sub the skipped copy is delivered to the other subscription and acked there, which
 * costs one delivery; it needs no subscription filter (filters cannot be changed on an existing
 * subscription).
 */
public final class SubscriptionAddress {
  /** The attribute naming the one subscription an envelope is for. */
  public static final String ATTR_DELIVER_TO = "dataflow.deliver-to";

  private SubscriptionAddress() {}

  /** The envelope addressed to {@code subscription} only. */
  public static Envelope to(Envelope envelope, String subscription) {
    return envelope.withAttribute(ATTR_DELIVER_TO, subscription);
  }

  /**
   * A poller that hands on only the messages for {@code subscription}: unaddressed ones as they
   * are, addressed ones without the attribute; messages for another subscription are acked.
   */
  public static PollingPublisher.Poller<Envelope> filter(
      String subscription, PollingPublisher.Poller<Envelope> poller) {
    return timeoutMillis -> {
      while (true) {
        Message<Envelope> m = poller.poll(timeoutMillis);
        if (m == null) {
          return null;
        }
        String to = m.getPayload().attributes().get(ATTR_DELIVER_TO);
        if (to == null || m.getPayload().attributes().containsKey(DeadLetter.ATTR_STAGE)) {
          return m;
        }
        if (to.equals(subscription)) {
          return readdressed(m);
        }
        m.ack();
      }
    };
  }

  private static Message<Envelope> readdressed(Message<Envelope> m) {
    Map<String, String> attributes = new LinkedHashMap<>(m.getPayload().attributes());
    attributes.remove(ATTR_DELIVER_TO);
    Envelope e = m.getPayload().withAttributes(attributes);
    if (m instanceof BusMessage<Envelope> b) {
      return new BusMessage<>(e, b.deliveryMetadata(), b::ack, b::nack);
    }
    return m.withPayload(e);
  }
}
