package io.dataflow.it.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.bus.local.LocalBus;
import io.dataflow.bus.local.LocalSubscription;
import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.MqttSource;
import io.dataflow.bus.mqtt.MqttSourceOptions;
import io.dataflow.bus.mqtt.NackRetryPolicy;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.ingest.EnvelopeFactory;
import io.dataflow.ingest.EventTimeExtractor;
import io.dataflow.ingest.IngestionStage;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.metrics.StageMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The MQTT connector and the ingestion stage against a real Mosquitto started on a free port, with
 * the in-JVM bus as {@code raw}: what the devices publish reaches {@code raw} with the right device
 * ids, across broker restarts and a broker that is down when ingestion starts.
 */
class MqttIngestionBrokerIT {
  private Mosquitto broker;
  private MqttSource source;
  private final LocalBus bus = new LocalBus();
  private LocalSubscription raw;

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    broker = new Mosquitto(Mosquitto.freePort());
    raw = bus.subscribe("raw", "test", 100_000, 100_000, 5, Duration.ZERO, "dead-letter");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (source != null) {
      source.stop();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void tenThousandQos1MessagesFromFiftyDevicesReachRawExactlyOnce() throws Exception {
    broker.start();
    startIngestion("it-exactly-once");
    await().atMost(Duration.ofSeconds(20)).until(source::isSubscribed);

    long start = System.nanoTime();
    try (MqttPublisher devices = new MqttPublisher(broker.url())) {
      for (int i = 0; i < 10_000; i++) {
        devices.publish(
            "devices/dev-" + (i % 50) + "/telemetry",
            "{\"device\":\"dev-" + (i % 50) + "\",\"seq\":" + i + "}");
      }
    }
    Map<Integer, Integer> seen = drainRaw(10_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "MqttIngestionBrokerIT: 10000 QoS 1 messages reached raw in %.2f s (%.0f msg/s)%n",
        seconds, 10_000 / seconds);
    assertThat(seen).hasSize(10_000);
    assertThat(seen.values()).allMatch(count -> count == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.awaitingAck() == 0);
  }

  @Test
  void restartingTheBrokerMidStreamLosesNothing() throws Exception {
    broker.start();
    startIngestion("it-broker-restart");
    await().atMost(Duration.ofSeconds(20)).until(source::isSubscribed);
    try (MqttPublisher devices = new MqttPublisher(broker.url())) {
      for (int i = 0; i < 3_000; i++) {
        devices.publish(
            "devices/dev-" + (i % 50) + "/telemetry",
            "{\"device\":\"dev-" + (i % 50) + "\",\"seq\":" + i + "}");
        if (i == 1_500) {
          devices.flush();
          broker.stop();
          broker.start();
        }
      }
    }
    Map<Integer, Integer> seen = drainRaw(3_000);
    long duplicates = seen.values().stream().mapToInt(c -> c - 1).sum();
    System.out.println(
        "MqttIngestionBrokerIT: broker restart: "
            + seen.size()
            + " distinct, "
            + duplicates
            + " duplicates, "
            + source.arrivals()
            + " arrivals, awaiting ack "
            + source.awaitingAck());
    assertThat(seen.keySet()).hasSize(3_000);
  }

  @Test
  void aBrokerThatIsDownAtStartIsConnectedOnceItComesUp() throws Exception {
    startIngestion("it-down-at-start");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !source.isSubscribed());
    assertThat(source.lastError()).isNotEmpty();
    broker.start();
    await().atMost(Duration.ofSeconds(30)).until(source::isSubscribed);
    try (MqttPublisher devices = new MqttPublisher(broker.url())) {
      devices.publish("devices/late/telemetry", "{\"seq\":1}");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> raw.stats().enqueued() == 1);
  }

  private void startIngestion(String clientId) {
    List<Route> routes = Route.parseAll("k", MqttSettings.ROUTES.defaultValue());
    MqttSourceOptions options =
        new MqttSourceOptions(
            "mqtt",
            broker.url(),
            clientId,
            routes,
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty(),
            null,
            10,
            5,
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            1000,
            new NackRetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500)));
    source = new MqttSource(options, Clock.systemUTC(), Executors.defaultThreadFactory());
    DeadLetterSink noDeadLetters =
        d -> CompletableFuture.failedFuture(new AssertionError("unexpected dead letter " + d));
    IngestionStage stage =
        new IngestionStage(
            new EnvelopeFactory(routes, new EventTimeExtractor("ts"), 262_144),
            new StageMetrics("ingestion"),
            noDeadLetters,
            Clock.systemUTC());
    source.start();
    source
        .publisher()
        .subscribe(
            new Subscriber<Message<MqttDelivery>>() {
              @Override
              public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(Message<MqttDelivery> m) {
                // What the dataflow-local sink of channel raw-out does: publish, then ack upstream.
                Message<Envelope> out = stage.ingest(m);
                try {
                  bus.topic("raw").publish(out.getPayload());
                  out.ack();
                } catch (InterruptedException e) {
                  out.nack(e);
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
  }

  /** Reads raw until {@code expected} distinct sequence numbers arrived: seq to times seen. */
  private Map<Integer, Integer> drainRaw(int expected) throws Exception {
    Map<Integer, Integer> seen = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (seen.size() < expected && System.nanoTime() < deadline) {
      var m = raw.receive(200);
      if (m == null) {
        continue;
      }
      Envelope e = m.getPayload();
      String json = e.payload().jsonText();
      int seq = Integer.parseInt(json.replaceAll(".*\"seq\":(\\d+).*", "$1"));
      String device = json.replaceAll(".*\"device\":\"([^\"]+)\".*", "$1");
      assertThat(e.deviceId()).isEqualTo(device);
      seen.merge(seq, 1, Integer::sum);
      m.ack();
    }
    // Anything still queued is a duplicate of what was counted.
    for (var m = raw.receive(500); m != null; m = raw.receive(500)) {
      String json = m.getPayload().payload().jsonText();
      seen.merge(Integer.parseInt(json.replaceAll(".*\"seq\":(\\d+).*", "$1")), 1, Integer::sum);
      m.ack();
    }
    return seen;
  }
}
