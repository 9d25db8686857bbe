package io.dataflow.enrich.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.enrich.DeviceIdKeyExtractor;
import io.dataflow.enrich.EnrichReadiness;
import io.dataflow.enrich.EnrichmentMapApplier;
import io.dataflow.enrich.MessageEnricher;
import io.dataflow.enrich.UnknownDevicePolicy;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.testing.FakeRegistry;
import io.dataflow.enrich.testing.ManualScheduler;
import io.dataflow.enrich.testing.RedisProcess;
import io.dataflow.enrich.testing.TestMessages;
import io.dataflow.enrich.testing.TestMessages.Tracked;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enrich path (message -> layered lookup -> enriched message) with a real Redis as L2 that is
 * stopped (SIGSTOP), resumed and killed (SIGKILL) mid-run: every message is still enriched from L3,
 * none is nacked or lost, and L2 is reported down meanwhile.
 */
class RedisOutageTest {
  private final FakeRegistry l3 = new FakeRegistry();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final StageMetrics metrics = new StageMetrics("enrich");
  private RedisProcess redis;
  private RedisDeviceCache l2;
  private DeviceLookup lookup;
  private MessageEnricher enricher;

  @BeforeEach
  void start() throws Exception {
    IntStream.range(0, 400).forEach(i -> l3.with("d" + i, "Device " + i, "loc-" + (i % 3)));
    redis = RedisProcess.start();
    l2 =
        new RedisDeviceCache(
            redis.url(),
            "dataflow:device:",
            Duration.ofHours(1),
            Duration.ofSeconds(60),
            Duration.ofMillis(300),
            4);
    lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                10_000,
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                CaffeineDeviceCache.ticker(new FakeClock()),
                Runnable::run),
            l2,
            l3,
            50,
            Duration.ofMillis(5),
            Runnable::run,
            scheduler);
    enricher =
        new MessageEnricher(
            new DeviceIdKeyExtractor(),
            new EnrichmentMapApplier(),
            lookup::lookup,
            UnknownDevicePolicy.DEAD_LETTER,
            d -> CompletableFuture.failedFuture(new AssertionError("no dead letter expected")),
            new FakeClock(),
            metrics);
  }

  @AfterEach
  void stop() throws Exception {
    if (l2 != null) {
      l2.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Enriches one message per device in [from, to) and acks every output downstream. */
  private List<Tracked> run(int from, int to) {
    List<Tracked> inputs = new ArrayList<>();
    List<CompletionStage<Optional<Message<Envelope>>>> results = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Tracked t = TestMessages.message("d" + i);
      inputs.add(t);
      results.add(enricher.enrich(t.message));
    }
    scheduler.fireAll();
    for (int i = 0; i < results.size(); i++) {
      Message<Envelope> out = results.get(i).toCompletableFuture().join().orElseThrow();
      assertThat(out.getPayload().enrichment()).containsEntry("name", "Device " + (from + i));
      out.ack();
    }
    return inputs;
  }

  @Test
  void enrichmentContinuesThroughL3WhileRedisIsStoppedOrKilled() throws Exception {
    List<Tracked> all = new ArrayList<>(run(0, 100));
    assertThat(lookup.lowerTiers().l2Available()).isTrue();
    assertThat(redis.commandCalls()).containsKey("mget");

    redis.pause();
    all.addAll(run(100, 200));
    assertThat(lookup.lowerTiers().l2Available()).isFalse();
    assertThat(lookup.lowerTiers().l2Stats().errorCount()).isPositive();
    HealthCheckResponse readiness = EnrichReadiness.status(lookup.lowerTiers()).response();
    assertThat(readiness.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(readiness.getData().orElseThrow())
        .containsEntry("l2", "down")
        .containsEntry("degraded", true);

    redis.resume();
    all.addAll(run(200, 300));
    assertThat(lookup.lowerTiers().l2Available()).isTrue();
    assertThat(EnrichReadiness.status(lookup.lowerTiers()).response().getData().orElseThrow())
        .containsEntry("l2", "up");

    redis.kill();
    all.addAll(run(300, 400));
    assertThat(lookup.lowerTiers().l2Available()).isFalse();

    assertThat(all)
        .hasSize(400)
        .allSatisfy(
            t -> {
              assertThat(t.acks).hasValue(1);
              assertThat(t.nacks).hasValue(0);
            });
    assertThat(metrics.nackedCount()).isZero();
    assertThat(metrics.publishedCount()).isEqualTo(400);
  }
}
