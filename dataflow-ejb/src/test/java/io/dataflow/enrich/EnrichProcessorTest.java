package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.TestMessages;
import io.dataflow.enrich.testing.TestMessages.Tracked;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class EnrichProcessorTest {
  private final List<CompletableFuture<DeviceRecord>> lookups = new CopyOnWriteArrayList<>();
  private final List<Message<Envelope>> received = new CopyOnWriteArrayList<>();
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
            "test-out", upstream, enricher, maxInFlight, Executors.defaultThreadFactory());
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

  /** Requests everything and records what arrives. */
  private final class Collector implements Subscriber<Message<Envelope>> {
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
