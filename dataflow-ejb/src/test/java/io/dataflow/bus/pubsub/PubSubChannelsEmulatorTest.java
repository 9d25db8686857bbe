package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.dataflow.bus.BusMessage;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.testing.MapConfig;
import io.dataflow.testing.PubSubEmulator;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector's sources and sinks against the official Pub/Sub emulator (started on a free port
 * for this class; skipped when not installed). Each test uses its own topics.
 */
class PubSubChannelsEmulatorTest {
  private static final String PROJECT = "dataflow-test";
  private static final AtomicInteger RUN = new AtomicInteger();
  private static PubSubEmulator emulator;
  private final RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
  private PubSubChannels channels;
  private String prefix;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = PubSubEmulator.start();
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    if (emulator != null) {
      emulator.close();
    }
  }

  @BeforeEach
  void open(TestInfo test) {
    channels =
        new PubSubChannels(
            PipelineMetrics.unregistered(),
            deadLetters,
            Clock.systemUTC(),
            Executors.defaultThreadFactory());
    prefix = test.getTestMethod().orElseThrow().getName() + "-" + RUN.incrementAndGet();
  }

  @AfterEach
  void close() {
    channels.close();
  }

  @Test
  void roundTripKeepsTheEnvelopeAndCopiesItsMetadataIntoAttributes() throws Exception {
    PubSubChannelOptions in = options("in", Map.of("subscription", prefix + "-sub"));
    PubSubSource source = channels.openSource(in);
    PubSubChannelOptions tap = options("tap", Map.of("subscription", prefix + "-tap"));
    new PubSubProvisioner(PubSubTransport.forHost(tap.emulatorHost()), tap.startupTimeout())
        .ensureSubscription(tap);
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));

    Envelope sent = envelope("dev-1").withAttribute("site", "plant-7");
    assertThat(upstream.send(sent).get(30, TimeUnit.SECONDS)).as("upstream acked").isTrue();

    Message<Envelope> got = downstream.next();
    assertThat(got.getPayload()).isEqualTo(sent);
    assertThat(BusMessage.attempt(got)).isEqualTo(1);
    got.ack();
    try (PubSubTransport t = PubSubTransport.forHost(tap.emulatorHost());
        SubscriptionAdminClient admin = t.subscriptionAdmin()) {
      List<ReceivedMessage> raw = admin.pull(tap.subscriptionPath(), 10).getReceivedMessagesList();
      assertThat(raw).hasSize(1);
      assertThat(raw.get(0).getMessage().getAttributesMap())
          .containsEntry("id", sent.id())
          .containsEntry("deviceId", "dev-1")
          .containsEntry("eventTime", sent.eventTime().toString())
          .containsEntry("route", "telemetry")
          .containsEntry("site", "plant-7");
    }
  }

  @Test
  void nackedMessageIsRedeliveredWithTheNextAttempt() throws Exception {
    PubSubSource source =
        channels.openSource(
            options(
                "in",
                Map.of(
                    "dead-letter-topic", prefix + "-dlq",
                    "max-delivery-attempts", "5",
                    "min-retry-delay", "0s",
                    "max-retry-delay", "1s")));
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));
    Envelope sent = envelope("dev-2");
    upstream.send(sent).get(30, TimeUnit.SECONDS);

    Message<Envelope> first = downstream.next();
    assertThat(BusMessage.attempt(first)).isEqualTo(1);
    first.nack(new IllegalStateException("try again"));
    Message<Envelope> second = downstream.next();
    assertThat(second.getPayload().id()).isEqualTo(sent.id());
    assertThat(BusMessage.attempt(second)).isEqualTo(2);
    second.ack();
    assertThat(source.metrics().nacks()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.metrics().acks() == 1);
  }

  @Test
  void flowControlBoundsTheOutstandingMessages() throws Exception {
    PubSubSource source =
        channels.openSource(options("in", Map.of("max-outstanding-messages", "5")));
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));
    List<CompletableFuture<Boolean>> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add(upstream.send(envelope("dev-" + i)));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    // Nothing is acked: only 5 may be outstanding, however long we wait.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(20))
        .until(() -> downstream.count.get() == 5 && source.metrics().outstanding() == 5);

    // Acking frees the window and every message arrives.
    int acked = 0;
    while (acked < 40) {
      downstream.next().ack();
      acked++;
      assertThat(source.metrics().outstanding()).isLessThanOrEqualTo(5);
    }
    assertThat(downstream.count.get()).isEqualTo(40);
  }

  @Test
  void ackDeadlineIsExtendedWhileAMessageWaitsUnacked() throws Exception {
    PubSubSource source =
        channels.openSource(options("in", Map.of("max-duration-per-ack-extension", "10s")));
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));
    upstream.send(envelope("dev-6")).get(30, TimeUnit.SECONDS);
    Message<Envelope> waiting = downstream.next();

    // Held unacked for 2.5 deadlines (as in a sink batch): the client extends it, no redelivery.
    await()
        .during(Duration.ofSeconds(25))
        .atMost(Duration.ofSeconds(40))
        .until(() -> downstream.count.get() == 1);
    waiting.ack();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.metrics().acks() == 1);
  }

  @Test
  void messageIsRedeliveredOnceTheAckExtensionPeriodIsOver() throws Exception {
    PubSubSource source =
        channels.openSource(
            options(
                "in",
                Map.of(
                    "max-duration-per-ack-extension", "10s", "max-ack-extension-period", "10s")));
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));
    Envelope sent = envelope("dev-7");
    upstream.send(sent).get(30, TimeUnit.SECONDS);
    Message<Envelope> first = downstream.next();

    // The control for the test above: once extension stops, Pub/Sub redelivers the message.
    Message<Envelope> again = downstream.messages.poll(60, TimeUnit.SECONDS);
    assertThat(again).as("redelivered after the extension period").isNotNull();
    assertThat(again.getPayload().id()).isEqualTo(sent.id());
    assertThat(first.getPayload().id()).isEqualTo(sent.id());
    again.ack();
  }

  @Test
  void messageThatAlwaysFailsReachesTheDeadLetterTopicWithItsDeliveryAttempts() throws Exception {
    String dlqTopic = prefix + "-dlq";
    PubSubChannelOptions in =
        options(
            "in",
            Map.of(
                "dead-letter-topic", dlqTopic,
                "max-delivery-attempts", "5",
                "min-retry-delay", "0s",
                "max-retry-delay", "1s"));
    PubSubSource source = channels.openSource(in);
    // A raw tap on the dead-letter topic (created by the provisioner with the source's
    // subscription) shows what Pub/Sub itself forwarded.
    PubSubChannelOptions tap =
        options("tap", Map.of("topic", dlqTopic, "subscription", prefix + "-tap"));
    new PubSubProvisioner(PubSubTransport.forHost(tap.emulatorHost()), tap.startupTimeout())
        .ensureSubscription(tap);
    PubSubSource dlq =
        channels.openSource(
            options("dlq", Map.of("topic", dlqTopic, "subscription", prefix + "-recorder")));
    Downstream failing = new Downstream(false);
    source.publisher().subscribe(failing);
    Downstream recorder = new Downstream(false);
    dlq.publisher().subscribe(recorder);
    Upstream upstream = new Upstream(channels.openSink(options("out", Map.of())));
    Envelope sent = envelope("dev-3");
    upstream.send(sent).get(30, TimeUnit.SECONDS);

    List<Integer> attempts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Message<Envelope> m = failing.next();
      attempts.add(BusMessage.attempt(m));
      m.nack(new IllegalStateException("poison"));
    }
    assertThat(attempts).containsExactly(1, 2, 3, 4, 5);

    Message<Envelope> dead = recorder.next();
    dead.ack();
    assertThat(dead.getPayload().id()).isEqualTo(sent.id());
    DeadLetter letter = DeadLetter.fromEnvelope(dead.getPayload()).orElseThrow();
    assertThat(letter.reason()).isEqualTo("max-attempts");
    assertThat(letter.stage()).isEqualTo(prefix + "-in");
    assertThat(letter.error()).contains("5 delivery attempts");
    try (PubSubTransport t = PubSubTransport.forHost(tap.emulatorHost());
        SubscriptionAdminClient admin = t.subscriptionAdmin()) {
      List<ReceivedMessage> raw =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> admin.pull(tap.subscriptionPath(), 10).getReceivedMessagesList(),
                  l -> !l.isEmpty());
      assertThat(raw).hasSize(1);
      assertThat(raw.get(0).getMessage().getAttributesMap())
          .containsEntry("id", sent.id())
          .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5")
          .containsEntry("CloudPubSubDeadLetterSourceSubscription", prefix + "-in");
    }
    assertThat(failing.messages.poll(3, TimeUnit.SECONDS))
        .as("no further delivery on the source subscription")
        .isNull();
  }

  /**
   * The emulator stores a retry policy but does not apply it (a nack with min-retry-delay 4s was
   * redelivered after 0.05 s), so the policy is checked as provisioned.
   */
  @Test
  void createdSubscriptionCarriesTheDeadLetterAndRetryPolicies() throws Exception {
    PubSubChannelOptions in =
        options(
            "in",
            Map.of(
                "dead-letter-topic", prefix + "-dlq",
                "max-delivery-attempts", "7",
                "min-retry-delay", "15s",
                "max-retry-delay", "300s"));
    channels.openSource(in);

    try (PubSubTransport t = PubSubTransport.forHost(in.emulatorHost());
        SubscriptionAdminClient admin = t.subscriptionAdmin();
        com.google.cloud.pubsub.v1.TopicAdminClient topics = t.topicAdmin()) {
      assertThat(topics.getTopic(in.deadLetterTopicPath().orElseThrow()).getName())
          .as("dead-letter topic created")
          .isEqualTo("projects/" + PROJECT + "/topics/" + prefix + "-dlq");
      com.google.pubsub.v1.Subscription s = admin.getSubscription(in.subscriptionPath());
      assertThat(s.getDeadLetterPolicy().getDeadLetterTopic())
          .isEqualTo("projects/" + PROJECT + "/topics/" + prefix + "-dlq");
      assertThat(s.getDeadLetterPolicy().getMaxDeliveryAttempts()).isEqualTo(7);
      assertThat(s.getRetryPolicy().getMinimumBackoff().getSeconds()).isEqualTo(15);
      assertThat(s.getRetryPolicy().getMaximumBackoff().getSeconds()).isEqualTo(300);
      assertThat(s.getAckDeadlineSeconds()).isEqualTo(60);
    }
  }

  @Test
  void publishFailureNacksUpstream() throws Exception {
    PubSubSink sink =
        channels.openSink(
            options("out", Map.of("topic", prefix + "-missing", "create-topics", "false")));
    Upstream upstream = new Upstream(sink);
    long demandBefore = upstream.requested();

    assertThat(upstream.send(envelope("dev-4")).get(30, TimeUnit.SECONDS))
        .as("acked upstream")
        .isFalse();
    assertThat(sink.metrics().nacks()).isEqualTo(1);
    assertThat(sink.status().detail()).contains("NOT_FOUND");
    // The demand is given back by the publish callback, just after the nack.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(upstream.requested())
                    .as("demand given back")
                    .isEqualTo(demandBefore + 1));
  }

  @Test
  void dataThatIsNotAnEnvelopeIsDeadLetteredAndAcked() throws Exception {
    PubSubChannelOptions in = options("in", Map.of());
    PubSubSource source = channels.openSource(in);
    Downstream downstream = new Downstream(false);
    source.publisher().subscribe(downstream);
    PubSubChannelOptions out = options("out", Map.of());
    try (PubSubTransport t = PubSubTransport.forHost(out.emulatorHost())) {
      Publisher raw = t.publisher(out.topicPath()).build();
      raw.publish(
              PubsubMessage.newBuilder()
                  .setData(ByteString.copyFromUtf8("{not json"))
                  .putAttributes("deviceId", "dev-5")
                  .build())
          .get(30, TimeUnit.SECONDS);
      raw.shutdown();
      raw.awaitTermination(10, TimeUnit.SECONDS);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> source.metrics().acks() == 1);
    assertThat(deadLetters.sent).hasSize(1);
    DeadLetter letter = deadLetters.sent.get(0);
    assertThat(letter.reason()).isEqualTo("bad-envelope");
    assertThat(letter.envelope().deviceId()).isEqualTo("dev-5");
    assertThat(letter.envelope().payload().toBytes()).isEqualTo("{not json".getBytes());
    assertThat(source.metrics().nacks()).isZero();
    assertThat(downstream.count.get()).as("nothing handed to the stage").isZero();
  }

  @Test
  void startUpCallsGiveUpAfterTheStartUpTimeout() throws Exception {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("emulator-host", "127.0.0.1:" + PubSubEmulator.freePort());
    attributes.put("startup-timeout", "1s");
    PubSubChannelOptions unreachable = options("out", attributes);

    assertThatThrownBy(() -> channels.openSink(unreachable))
        .isInstanceOf(PubSubUnavailableException.class)
        .hasMessageContaining("no answer within PT1S")
        .hasMessageContaining("startup-timeout");
  }

  @ParameterizedTest(name = "parallel-pull-count {0}")
  @ValueSource(ints = {1, 4})
  void roundTripThroughputOf10000Messages(int parallelPulls) throws Exception {
    int n = 10_000;
    PubSubSource source =
        channels.openSource(
            options(
                "in",
                Map.of(
                    "max-outstanding-messages",
                    System.getProperty("mo", "1000"),
                    "parallel-pull-count",
                    System.getProperty("pp", "1"))));
    Downstream downstream = new Downstream(true);
    source.publisher().subscribe(downstream);
    PubSubSink sink = channels.openSink(options("out", Map.of()));
    Upstream upstream = new Upstream(sink);
    AtomicInteger acked = new AtomicInteger();
    AtomicLong lastAckNanos = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      upstream
          .send(envelope("dev-" + (i % 100)))
          .thenAccept(
              ok -> {
                acked.incrementAndGet();
                lastAckNanos.set(System.nanoTime());
              });
    }
    await().atMost(Duration.ofMinutes(3)).until(() -> downstream.count.get() >= n);
    await().atMost(Duration.ofMinutes(1)).until(() -> acked.get() == n);
    double roundTrip = (downstream.lastArrivalNanos - start) / 1e9;
    double publish = (lastAckNanos.get() - start) / 1e9;
    System.out.printf(
        "Pub/Sub emulator, parallel-pull-count %d: %d messages published (acked upstream) in %.2f s = %.0f messages/s;"
            + " round trip to the consumer %.2f s = %.0f messages/s; mean publish latency %.1f ms%n",
        parallelPulls,
        n,
        publish,
        n / publish,
        roundTrip,
        n / roundTrip,
        sink.metrics().meanPublishLatencyMillis());
    assertThat(downstream.count.get()).isEqualTo(n);
  }

  private PubSubChannelOptions options(String role, Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>();
    all.put("topic", prefix + "-topic");
    all.put("subscription", prefix + "-" + role);
    all.put("create-topics", "true");
    all.putAll(attributes);
    return PubSubChannelOptions.read(
        channelConfig(prefix + "-" + role, all),
        new MapConfig(
            Map.of(
                "dataflow.pubsub.project-id",
                PROJECT,
                "dataflow.pubsub.emulator-host",
                emulator.host())));
  }

  private static Envelope envelope(String device) {
    Instant now = Instant.parse("2026-11-25T10:15:30.123Z");
    return Envelope.create(
        device,
        now,
        now.plusMillis(5),
        new Source("devices/" + device + "/telemetry", "telemetry"),
        Payload.json("{\"temp\":21.5}"));
  }

  private static MapConfig channelConfig(String channel, Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>(attributes);
    all.put("channel-name", channel);
    return new MapConfig(all);
  }
}
