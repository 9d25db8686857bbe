package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.health.PipelineLivenessCheck;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal flusher as /health/live sees it. */
class JournalLivenessTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  @TempDir Path dir;
  private final FaultyDisk disk = new FaultyDisk();
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private final CountDownLatch release = new CountDownLatch(1);
  private LocalBus bus;

  @AfterEach
  void close() {
    release.countDown();
    disk.breakForce(null);
    bus.close();
  }

  private LocalBus open() {
    bus =
        new LocalBus(
            new JournalOptions(dir, Duration.ZERO, 64, 64L << 20),
            PipelineMetrics.unregistered(),
            clock,
            disk,
            heartbeats);
    return bus;
  }

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

  private HealthCheckResponse live() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private Object journal() {
    Map<String, Object> data = live().getData().orElseThrow();
    return data.get("journal-raw");
  }

  @Test
  void anIdleJournalStaysUpAndAClosedOneIsNoLongerWatched() throws Exception {
    open().topic("raw").publish(envelope(1));
    clock.advance(Duration.ofHours(2));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(journal().toString()).startsWith("idle, last progress ");

    bus.close();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }

  @Test
  void aFlusherHungInAnFsyncWithRecordsWaitingIsDownAfterTheLimit() throws Exception {
    open().topic("raw").publish(envelope(1));
    disk.hangForce(release);
    CompletableFuture<Void> waiting = bus.topic("raw").publishAsync(envelope(2));
    assertThat(disk.hanging.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(journal()).asString().startsWith("working");

    clock.advance(Duration.ofMinutes(2));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(journal()).asString().startsWith("stalled").contains("no progress for 6m");

    release.countDown();
    waiting.get(5, TimeUnit.SECONDS);
    await().until(() -> live().getStatus() == HealthCheckResponse.Status.UP);
  }

  @Test
  void aFlusherThatDiedIsDownAtOnceWithItsName() throws Exception {
    open().topic("raw").publish(envelope(1));
    disk.breakForce(new IllegalStateException("bug below the journal"));
    bus.topic("raw").publishAsync(envelope(2));

    await().until(() -> live().getStatus() == HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow().get("reason"))
        .asString()
        .startsWith("journal-raw dead: the journal flusher of ")
        .contains("IllegalStateException: bug below the journal");
  }
}
