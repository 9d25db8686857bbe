package io.dataflow.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class SubscriptionAddressTest {
  private final List<String> acked = new ArrayList<>();
  private final Deque<Message<Envelope>> queue = new ArrayDeque<>();

  private void offer(String id, String deliverTo) {
    Envelope e =
        new Envelope(
            Envelope.CURRENT_VERSION,
            id,
            "d1",
            Instant.EPOCH,
            Instant.EPOCH,
            new Source("t", "r"),
            Map.of("keep", "1"),
            Payload.json("{}"),
            Map.of());
    Envelope addressed = deliverTo == null ? e : SubscriptionAddress.to(e, deliverTo);
    queue.add(
        new BusMessage<>(
            addressed, new DeliveryMetadata(1, "archive"), () -> acked.add(id), x -> {}));
  }

  private List<Message<Envelope>> drain(String subscription) throws InterruptedException {
    PollingPublisher.Poller<Envelope> p =
        SubscriptionAddress.filter(subscription, timeout -> queue.poll());
    List<Message<Envelope>> out = new ArrayList<>();
    Message<Envelope> m;
    while ((m = p.poll(10)) != null) {
      out.add(m);
    }
    return out;
  }

  @Test
  void aMessageForAnotherSubscriptionIsAckedAndSkipped() throws Exception {
    offer("e1", "bigquery");
    offer("e2", null);

    List<Message<Envelope>> got = drain("archive");

    assertThat(got).extracting(m -> m.getPayload().id()).containsExactly("e2");
    assertThat(acked).containsExactly("e1");
  }

  @Test
  void aDeadLetterOfAnAddressedMessageIsNeverSkipped() throws Exception {
    Envelope e =
        SubscriptionAddress.to(
            new Envelope(
                Envelope.CURRENT_VERSION,
                "e1",
                "d1",
                Instant.EPOCH,
                Instant.EPOCH,
                new Source("t", "r"),
                Map.of(),
                Payload.json("{}"),
                Map.of()),
            "bigquery");
    Envelope dead =
        new io.dataflow.deadletter.DeadLetter("bigquery", "max-attempts", "x", Instant.EPOCH, e)
            .toEnvelope();
    queue.add(
        new BusMessage<>(
            dead, new DeliveryMetadata(1, "dead-letter-recorder"), () -> acked.add("e1"), x -> {}));

    assertThat(drain("dead-letter-recorder")).hasSize(1);
    assertThat(acked).isEmpty();
  }

  @Test
  void aMessageForThisSubscriptionArrivesWithoutTheAddressAndStillAcksTheOriginal()
      throws Exception {
    offer("e1", "archive");

    Message<Envelope> m = drain("archive").get(0);

    assertThat(m.getPayload().attributes())
        .containsEntry("keep", "1")
        .doesNotContainKey(SubscriptionAddress.ATTR_DELIVER_TO);
    assertThat(BusMessage.delivery(m))
        .hasValueSatisfying(d -> assertThat(d.attempt()).isEqualTo(1));
    assertThat(acked).isEmpty();
    m.ack();
    assertThat(acked).containsExactly("e1");
  }
}
