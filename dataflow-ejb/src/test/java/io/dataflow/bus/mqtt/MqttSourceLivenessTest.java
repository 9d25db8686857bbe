package io.dataflow.bus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.health.PipelineLivenessCheck;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.MapConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The MQTT hand-off worker as /health/live sees it, fed through the Paho callback directly. */
class MqttSourceLivenessTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger handedOn = new AtomicInteger();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final MqttSource source =
      new MqttSource(
          MqttSourceOptions.read(
              "mqtt-in", name -> Optional.empty(), MapConfig.of(), "tcp://localhost:1883"),
          clock,
          Executors.defaultThreadFactory(),
          heartbeats);

  @AfterEach
  void stop() {
    release.countDown();
    source.publisher().stop();
  }

  private HealthCheckResponse live() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private Object worker() {
    return live().getData().orElseThrow().get("mqtt-mqtt-in");
  }

  private void arrive(int id) throws InterruptedException {
    MqttMessage m = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
    m.setId(id);
    m.setQos(1);
    source.messageArrived("devices/d1/telemetry", m);
  }

  /** Asks for everything; blocks in the first hand-off until released when {@code stuck}. */
  private void consume(boolean stuck) {
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
                entered.countDown();
                if (stuck) {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                handedOn.incrementAndGet();
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
  }

  @Test
  void aHandOffStuckWithDeliveriesWaitingIsDownAfterTheLimit() throws Exception {
    consume(true);
    arrive(1);
    entered.await();
    arrive(2);
    clock.advance(Duration.ofMinutes(4));
    assertThat(worker()).asString().startsWith("working");

    clock.advance(Duration.ofMinutes(2));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow().get("reason"))
        .isEqualTo("mqtt-mqtt-in stalled: work pending and no progress for 6m (limit 5m)");

    release.countDown();
    await().until(() -> handedOn.get() == 2);
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aQuietSubscriptionStaysUpAndAStoppedOneIsNoLongerWatched() throws Exception {
    consume(false);
    arrive(1);
    await().until(() -> handedOn.get() == 1);
    clock.advance(Duration.ofHours(3));
    assertThat(worker()).isEqualTo("idle, last progress 3h ago");

    source.publisher().stop();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }
}
