package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.TestMessages;
import io.dataflow.enrich.testing.TestMessages.Tracked;
import io.dataflow.envelope.Envelope;
import io.dataflow.health.PipelineLivenessCheck;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class EnrichProcessorTest {
  private final List<CompletableFuture<DeviceRecord>> lookups = new CopyOnWriteArrayList<>();
  private final List<Message<Envelope>> received = new CopyOnWriteArrayList<>();
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private EnrichProcessor processor;

  @AfterEach
  void stop() {
    if (processor != null) {
      processor.stop();
    }
  }

  private EnrichProcessor processor(Publisher<Message<Envelope>> upstream, int maxInFlight) {
    MessageEnricher enricher =
        new MessageEnricher(
            new DeviceIdKeyExtractor(),
            new EnrichmentMapApplier(),
            id -> {
              CompletableFuture<DeviceRecord> f = new CompletableFuture<>();
              lookups.add(f);
              return f;
            },
            UnknownDevicePolicy.PASS_THROUGH,
            d -> CompletableFuture.completedFuture(null),
            new FakeClock(),
            new StageMetrics("enrich"));
    processor =
        new EnrichProcessor(
            "test-out",
            upstream,
            enricher,
            maxInFlight,
            Executors.defaultThreadFactory(),
            heartbeats);
    return processor;
  }

  @Test
  void boundsInFlightMessagesAndAcksInputsWhenOutputsAreAcked() {
    List<Tracked> inputs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      inputs.add(TestMessages.message("d" + i));
    }
    ListPublisher upstream =
        new ListPublisher(inputs.stream().<Message<Envelope>>map(t -> t.message).toList());
    processor(upstream, 10).subscribe(new Collector());

    await().until(() -> lookups.size() == 10);
    assertThat(upstream.emitted.get()).isEqualTo(10);

    DeviceRecord device = DeviceRecord.found(Map.of("name", "Boiler"));
    while (received.size() < 30) {
      List<CompletableFuture<DeviceRecord>> started = List.copyOf(lookups);
      started.forEach(f -> f.complete(device));
      await().until(() -> received.size() >= started.size());
    }
    assertThat(lookups).hasSize(30);
    assertThat(received)
        .allSatisfy(m -> assertThat(m.getPayload().enrichment()).containsKey("name"));
    assertThat(inputs).noneMatch(Tracked::settled);

    received.forEach(Message::ack);
    assertThat(inputs).allMatch(t -> t.acks.get() == 1);
  }

  private HealthCheckResponse live() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private static final Duration LIMIT = Duration.ofMinutes(5);

  @Test
  void lookupsThatNeverAnswerStallTheStageAfterTheLimit() {
    ListPublisher upstream = new ListPublisher(List.of(TestMessages.message("d1").message));
    processor(upstream, 10).subscribe(new Collector());
    await().until(() -> lookups.size() == 1);
    assertThat(live().getData().orElseThrow().get("enrich")).asString().startsWith("working");

    clock.advance(Duration.ofMinutes(6));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow().get("reason"))
        .isEqualTo("enrich stalled: work pending and no progress for 6m (limit 5m)");

    lookups.get(0).complete(DeviceRecord.found(Map.of("name", "Boiler")));
    await().until(() -> received.size() == 1);
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    clock.advance(Duration.ofHours(1));
    assertThat(live().getData().orElseThrow().get("enrich")).asString().startsWith("idle");
  }

  @Test
  void aHandOffThreadKilledByItsConsumerIsDownAtOnceWithTheStagesName() {
    ListPublisher upstream = new ListPublisher(List.of(TestMessages.message("d1").message));
    processor(upstream, 10)
        .subscribe(
            new Collector() {
              @Override
              public void onNext(Message<Envelope> m) {
                throw new StackOverflowError("consumer bug");
              }
            });
    await().until(() -> lookups.size() == 1);
    lookups.get(0).complete(DeviceRecord.found(Map.of("name", "Boiler")));

    await().until(() -> live().getStatus() == HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow().get("reason"))
        .isEqualTo(
            "enrich dead: the worker of channel test-out stopped:"
                + " java.lang.StackOverflowError: consumer bug");
  }

  @Test
  void aStoppedStageIsNoLongerWatched() {
    processor(new ListPublisher(List.of()), 10).subscribe(new Collector());
    assertThat(heartbeats.check(LIMIT)).hasSize(1);
    processor.stop();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }

  /** Requests everything and records what arrives. */
  private class Collector implements Subscriber<Message<Envelope>> {
    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Message<Envelope> m) {
      received.add(m);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }

  /** Emits a fixed list as requested. */
  static final class ListPublisher implements Publisher<Message<Envelope>> {
    private final List<Message<Envelope>> items;
    final AtomicLong emitted = new AtomicLong();

    ListPublisher(List<Message<Envelope>> items) {
      this.items = items;
    }

    @Override
    public void subscribe(Subscriber<? super Message<Envelope>> s) {
      s.onSubscribe(
          new Subscription() {
            @Override
            public synchronized void request(long n) {
              for (long i = 0; i < n && emitted.get() < items.size(); i++) {
                s.onNext(items.get((int) emitted.getAndIncrement()));
              }
            }

            @Override
            public void cancel() {}
          });
    }
  }
}
