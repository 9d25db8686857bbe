package io.dataflow.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.config.DataDirectory;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.health.PipelineLivenessCheck;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.MapConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter recorder as /health/live sees it. */
class DeadLetterRecorderLivenessTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private final CountDownLatch release = new CountDownLatch(1);
  private final DeadLetterRecorder recorder = new DeadLetterRecorder();

  @BeforeEach
  void open() {
    recorder.dataDirectory = new DataDirectory(dir);
    recorder.config = MapConfig.of();
    recorder.clock = clock;
    recorder.heartbeats = heartbeats;
    recorder.open();
  }

  @AfterEach
  void close() {
    release.countDown();
    recorder.close();
  }

  private HealthCheckResponse live() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private Object worker() {
    return live().getData().orElseThrow().get("dead-letter-recorder");
  }

  private static Envelope envelope() {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    return Envelope.create(
            "d1", t, t, new Source("devices/d1/telemetry", "telemetry"), Payload.json("{}"))
        .withId("m1");
  }

  @Test
  void aRecordingThatNeverFinishesIsDownAfterTheLimitAndAStoredOneIsProgress() throws Exception {
    recorder.record(Message.of(envelope()));
    clock.advance(Duration.ofHours(1));
    assertThat(worker()).isEqualTo("idle, last progress 1h ago");

    CountDownLatch reading = new CountDownLatch(1);
    Message<Envelope> slow =
        new Message<>() {
          @Override
          public Envelope getPayload() {
            reading.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return envelope();
          }
        };
    CompletableFuture<Void> recording = CompletableFuture.runAsync(() -> recorder.record(slow));
    reading.await();
    clock.advance(Duration.ofMinutes(4));
    assertThat(worker()).asString().startsWith("working");
    clock.advance(Duration.ofMinutes(2));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow().get("reason"))
        .isEqualTo("dead-letter-recorder stalled: work pending and no progress for 6m (limit 5m)");

    release.countDown();
    recording.get();
    await().until(() -> live().getStatus() == HealthCheckResponse.Status.UP);
    assertThat(worker()).isEqualTo("idle, last progress 0s ago");
    assertThat(recorder.recent(10)).hasSize(2);
  }

  @Test
  void watchedFromItsFirstDeadLetterUntilClosed() {
    assertThat(heartbeats.check(LIMIT)).isEmpty();
    recorder.record(Message.of(envelope()));
    assertThat(heartbeats.check(LIMIT)).hasSize(1);
    recorder.close();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }
}
