package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.PollingPublisher;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class LocalBusTest {
  private final LocalBus bus = new LocalBus();

  private static Envelope envelope(int n) {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    return Envelope.create(
            "d" + n,
            t,
            t,
            new Source("devices/d/telemetry", "telemetry"),
            Payload.json("{\"n\":" + n + "}"))
        .withId("m" + n);
  }

  private LocalSubscription subscribe(String topic, String name, int capacity, int maxAttempts) {
    return bus.subscribe(topic, name, capacity, 100, maxAttempts, Duration.ZERO, "dead-letter");
  }

  @Test
  void everySubscriptionOfATopicGetsEveryMessage() throws Exception {
    LocalSubscription a = subscribe("enriched", "bigquery", 100, 3);
    LocalSubscription b = subscribe("enriched", "archive", 100, 3);
    for (int i = 0; i < 10; i++) {
      bus.topic("enriched").publish(envelope(i));
    }
    for (LocalSubscription s : List.of(a, b)) {
      List<String> ids = new ArrayList<>();
      Delivery d;
      while ((d = s.poll(10, TimeUnit.MILLISECONDS)) != null) {
        ids.add(d.envelope.id());
        s.ack(d);
      }
      assertThat(ids).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }
  }

  @Test
  void aFullSubscriptionBlocksThePublisherAndNothingIsDropped() throws Exception {
    LocalSubscription slow = subscribe("raw", "slow", 5, 3);
    AtomicInteger published = new AtomicInteger();
    Thread publisher =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 50; i++) {
                  bus.topic("raw").publish(envelope(i));
                  published.incrementAndGet();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    publisher.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> publisher.getState() == Thread.State.WAITING);
    assertThat(published.get()).isEqualTo(5);

    List<String> received = new ArrayList<>();
    while (received.size() < 50) {
      Delivery d = slow.poll(1, TimeUnit.SECONDS);
      if (d != null) {
        received.add(d.envelope.id());
        slow.ack(d);
      }
    }
    publisher.join(10_000);
    assertThat(published.get()).isEqualTo(50);
    assertThat(received).hasSize(50).doesNotHaveDuplicates();
    assertThat(slow.stats().depth()).isZero();
  }

  @Test
  void aNackedMessageIsRedeliveredWithItsAttemptCounted() throws Exception {
    LocalSubscription s = subscribe("raw", "enrich", 10, 5);
    bus.topic("raw").publish(envelope(1));
    Delivery first = s.poll(1, TimeUnit.SECONDS);
    assertThat(first.attempt).isEqualTo(1);
    s.nack(first, new IllegalStateException("lookup failed"));
    Delivery second = s.poll(1, TimeUnit.SECONDS);
    assertThat(second.envelope.id()).isEqualTo("m1");
    assertThat(second.attempt).isEqualTo(2);
    s.ack(second);
    assertThat(s.stats().redelivered()).isEqualTo(1);
    assertThat(s.stats().acked()).isEqualTo(1);
  }

  @Test
  void afterMaxAttemptsTheMessageGoesToTheDeadLetterTopicWithTheReason() throws Exception {
    LocalSubscription dlq = subscribe("dead-letter", "recorder", 10, 3);
    LocalSubscription s = subscribe("raw", "enrich", 10, 2);
    bus.topic("raw").publish(envelope(3));
    s.nack(s.poll(1, TimeUnit.SECONDS), new RuntimeException("boom"));
    s.nack(s.poll(1, TimeUnit.SECONDS), new RuntimeException("boom again"));
    assertThat(s.poll(50, TimeUnit.MILLISECONDS)).isNull();
    Delivery dead = dlq.poll(1, TimeUnit.SECONDS);
    DeadLetter d = DeadLetter.fromEnvelope(dead.envelope).orElseThrow();
    assertThat(d.stage()).isEqualTo("enrich");
    assertThat(d.reason()).isEqualTo("max-attempts");
    assertThat(d.error()).contains("2 attempts").contains("boom again");
    assertThat(d.envelope().id()).isEqualTo("m3");
    assertThat(s.stats().deadLettered()).isEqualTo(1);
  }

  @Test
  void theChannelPublisherHandsOutOnlyWhatIsRequestedAndBoundsUnackedDeliveries() throws Exception {
    LocalSubscription s = bus.subscribe("raw", "bounded", 100, 3, 5, Duration.ZERO, "dead-letter");
    for (int i = 0; i < 10; i++) {
      bus.topic("raw").publish(envelope(i));
    }
    PollingPublisher<Envelope> publisher =
        LocalSource.publisher("raw-in", s, Executors.defaultThreadFactory());
    List<Message<Envelope>> got = new CopyOnWriteArrayList<>();
    Subscription[] sub = new Subscription[1];
    publisher.subscribe(
        new Subscriber<Message<Envelope>>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            sub[0] = subscription;
            subscription.request(100);
          }

          @Override
          public void onNext(Message<Envelope> m) {
            got.add(m);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onComplete() {}
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
    assertThat(s.stats().inFlight()).isEqualTo(3);
    got.get(0).ack();
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 4);
    assertThat(BusMessage.attempt(got.get(3))).isEqualTo(1);
    sub[0].cancel();
    publisher.stop();
  }
}
