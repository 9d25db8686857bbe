package io.dataflow.it.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.bus.local.LocalBus;
import io.dataflow.bus.local.LocalSubscription;
import io.dataflow.bus.local.LocalTopic;
import io.dataflow.bus.local.SubscriptionStats;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local bus inside a real Liberty (server {@code arquillian}, CDI 4.0): a micro-archive with
 * only the envelope, bus and local-bus classes (and Jackson for the codec), the {@link LocalBus}
 * bean injected by the container. Each test uses its own topic, since the bus is application scoped
 * and shared by the tests of this deployment.
 */
@ExtendWith(ArquillianExtension.class)
class LocalBusArquillianIT {
  private static final Duration RECEIVE_WITHIN = Duration.ofSeconds(10);

  /** What the channel publisher (PollingPublisher) waits per poll. */
  private static final long POLL_MILLIS = 250;

  private static final Duration REDELIVERY_DELAY = Duration.ofMillis(10);

  @Inject LocalBus bus;

  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.create(WebArchive.class, "local-bus-it.war")
        .addPackage(Envelope.class.getPackage())
        .addClasses(BusMessage.class, DeliveryMetadata.class, io.dataflow.bus.BusBacklog.class)
        .addClasses(
            LocalBus.class, LocalTopic.class, LocalSubscription.class, SubscriptionStats.class)
        .addClass("io.dataflow.bus.local.Delivery")
        // the bus's write-ahead journal and what LocalBus is constructed with
        .addClass(io.dataflow.bus.local.JournalSettings.class)
        .addPackage(io.dataflow.metrics.PipelineMetrics.class.getPackage())
        .addPackage(io.dataflow.config.Setting.class.getPackage())
        .addClass("io.dataflow.bus.local.JournalOptions")
        .addClass("io.dataflow.bus.local.JournalRecord")
        .addClass("io.dataflow.bus.local.JournalReplay")
        .addClass("io.dataflow.bus.local.SegmentLog")
        .addClass("io.dataflow.bus.local.TopicJournal")
        .addClass("io.dataflow.bus.local.SegmentReader")
        .addClass("io.dataflow.bus.local.SeqRanges")
        .addClass("io.dataflow.bus.local.JournalFiles")
        // the workers' heartbeats (the journal flusher reports to them) and the managed threads
        .addPackage(io.dataflow.concurrent.Heartbeats.class.getPackage())
        .addClass(DeadLetter.class)
        .addAsLibraries(
            jarOf(ObjectMapper.class),
            jarOf(JsonFactory.class),
            jarOf(JsonProperty.class),
            jarOf(org.assertj.core.api.Assertions.class))
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  @Test
  void everySubscriptionOfATopicReceivesEachMessageOnFirstAttempt() throws Exception {
    LocalSubscription first = subscribe("it-fan-out", "first", 5);
    LocalSubscription second = subscribe("it-fan-out", "second", 5);
    Envelope sent = envelope("sensor-1");

    bus.topic("it-fan-out").publish(sent);

    BusMessage<Envelope> toFirst = receive(first);
    BusMessage<Envelope> toSecond = receive(second);
    assertThat(toFirst).isNotNull();
    assertThat(toSecond).isNotNull();
    assertThat(toFirst.getPayload()).isEqualTo(sent);
    assertThat(toSecond.getPayload()).isEqualTo(sent);
    assertThat(toFirst.deliveryMetadata()).isEqualTo(new DeliveryMetadata(1, "first"));
    assertThat(toSecond.deliveryMetadata()).isEqualTo(new DeliveryMetadata(1, "second"));
    toFirst.ack();
    toSecond.ack();
    assertThat(bus.topic("it-fan-out").published()).isEqualTo(1);
    assertThat(first.stats().acked()).isEqualTo(1);
    assertThat(second.stats().acked()).isEqualTo(1);
  }

  @Test
  void nackedMessageIsRedeliveredAsAttemptTwo() throws Exception {
    LocalSubscription subscription = subscribe("it-redelivery", "only", 5);
    Envelope sent = envelope("sensor-2");
    bus.topic("it-redelivery").publish(sent);

    BusMessage<Envelope> firstDelivery = receive(subscription);
    assertThat(firstDelivery).isNotNull();
    assertThat(BusMessage.attempt(firstDelivery)).isEqualTo(1);
    firstDelivery.nack(new IllegalStateException("sink unavailable"));

    BusMessage<Envelope> redelivery = receive(subscription);
    assertThat(redelivery).isNotNull();
    assertThat(BusMessage.attempt(redelivery)).isEqualTo(2);
    assertThat(redelivery.getPayload().id()).isEqualTo(sent.id());
    redelivery.ack();
    SubscriptionStats stats = subscription.stats();
    assertThat(stats.nacked()).isEqualTo(1);
    assertThat(stats.redelivered()).isEqualTo(1);
    assertThat(stats.acked()).isEqualTo(1);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.depth()).isZero();
  }

  @Test
  void messageNackedOnItsLastAttemptGoesToTheDeadLetterTopic() throws Exception {
    LocalSubscription subscription = subscribe("it-exhaust", "once", 1);
    LocalSubscription deadLetters = subscribe("it-dead-letter", "inspect", 5);
    Envelope sent = envelope("sensor-3");
    bus.topic("it-exhaust").publish(sent);

    receive(subscription).nack(new IllegalStateException("poison"));

    BusMessage<Envelope> dead = receive(deadLetters);
    assertThat(dead).isNotNull();
    DeadLetter letter = DeadLetter.fromEnvelope(dead.getPayload()).orElseThrow();
    assertThat(letter.stage()).isEqualTo("once");
    assertThat(letter.reason()).isEqualTo("max-attempts");
    assertThat(letter.error()).contains("IllegalStateException: poison");
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    dead.ack();
  }

  @Test
  void envelopeDecodedFromJsonCrossesTheBusAndEncodesToTheSameJson() throws Exception {
    LocalSubscription subscription = subscribe("it-codec", "codec", 5);
    byte[] json =
        EnvelopeCodec.encode(
            envelope("sensor-4")
                .withAttribute("region", "eu")
                .withEnrichment(Map.of("site", "plant-7", "floor", 3)));

    bus.topic("it-codec").publish(EnvelopeCodec.decode(json));

    BusMessage<Envelope> received = receive(subscription);
    assertThat(received).isNotNull();
    assertThat(new String(EnvelopeCodec.encode(received.getPayload()), StandardCharsets.UTF_8))
        .isEqualTo(new String(json, StandardCharsets.UTF_8));
    received.ack();
  }

  /**
   * The next message, polled the way the channel publisher polls. One long {@code receive} would
   * not do: a redelivery that falls due while {@code receive} waits on the empty queue is only
   * handed out when that wait times out.
   */
  private static BusMessage<Envelope> receive(LocalSubscription subscription)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECEIVE_WITHIN.toNanos();
    BusMessage<Envelope> message = subscription.receive(POLL_MILLIS);
    while (message == null && System.nanoTime() < deadline) {
      message = subscription.receive(POLL_MILLIS);
    }
    return message;
  }

  private LocalSubscription subscribe(String topic, String name, int maxAttempts) {
    return bus.subscribe(topic, name, 16, 16, maxAttempts, REDELIVERY_DELAY, "it-dead-letter");
  }

  private static Envelope envelope(String deviceId) {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    return Envelope.create(
        deviceId,
        now,
        now,
        new Source("devices/" + deviceId + "/telemetry", "mqtt"),
        Payload.json("{\"temperature\":21.5}"));
  }

  /** The jar (on the test class path) a library class comes from, to put in WEB-INF/lib. */
  private static File jarOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("No jar location for " + type.getName(), e);
    }
  }
}
