package io.dataflow.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.health.PipelineLivenessCheck;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sealer and the write pool of a batching sink as /health/live sees them. */
class BatchingSinkLivenessTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private final BatchingSinkRuntime runtime =
      new BatchingSinkRuntime(
          "test",
          new ManagedThreads(),
          PipelineMetrics.unregistered(),
          null,
          new RecordingDeadLetterSink(),
          clock,
          heartbeats);
  private final CountDownLatch release = new CountDownLatch(1);
  private KeyedBatcher<String, String, ListBuffer<String>> batcher;

  @AfterEach
  void stop() {
    release.countDown();
    runtime.stop(t -> batcher.shutdown(t), Duration.ofSeconds(5));
  }

  private KeyedBatcher<String, String, ListBuffer<String>> start(
      BatchWriter<String, ListBuffer<String>> writer, BatchListener listener) {
    batcher =
        KeyedBatcher.<String, String>builder(writer)
            .limits(new BatchLimits(100, 100_000, Duration.ofSeconds(5), Duration.ZERO))
            .bounds(new BatcherBounds(1000, 1_000_000, 100, 4))
            .settlement(runtime.settlement())
            .executor(runtime.writes())
            .clock(clock)
            .listener(listener)
            .build();
    runtime.start(batcher, Duration.ofMillis(5), Duration.ofSeconds(5));
    return batcher;
  }

  private HealthCheckResponse live() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private Map<String, Object> data() {
    return live().getData().orElseThrow();
  }

  private TrackedMessage add(String id) throws InterruptedException {
    TrackedMessage m = TrackedMessage.of(id, "dev-1");
    batcher.add("a", id, 10, m);
    return m;
  }

  @Test
  void aSealerWhoseTaskThrewIsDownAtOnceWithItsName() throws Exception {
    start(
        b -> WriteResult.success(),
        new BatchListener() {
          @Override
          public void sealed(Batch<?, ?> batch) {
            throw new AssertionError("sealer bug");
          }
        });
    add("m1");
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data()).containsKeys("test-sealer", "test-writes");

    // The group is due by age: the sealer seals it, and its listener throws an Error.
    clock.advance(Duration.ofSeconds(6));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> live().getStatus() == HealthCheckResponse.Status.DOWN);
    assertThat(data().get("reason"))
        .isEqualTo("test-sealer dead: the sealer stopped: java.lang.AssertionError: sealer bug");
    assertThat(data().get("test-writes")).asString().startsWith("idle");
  }

  @Test
  void aSealerThatRunsStaysUpThroughAQuietDay() throws Exception {
    start(b -> WriteResult.success(), BatchListener.NONE);
    for (int i = 0; i < 48; i++) {
      clock.advance(Duration.ofMinutes(30));
      // The sealer runs every 5ms of real time and beats on the fake clock.
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> String.valueOf(data().get("test-sealer")).contains("last progress 0s ago"));
    }
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aSinkRetryingThroughAnOutageStaysUp() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    WriteRetries retries =
        new WriteRetries(
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
            wait -> {
              clock.advance(wait);
              states.add(String.valueOf(data().get("test-writes")));
            },
            clock);
    CountDownLatch failing = new CountDownLatch(100);
    start(
        b ->
            retries.untilDone(
                () -> {
                  // Each try takes 20s to fail: two hours of outage in all.
                  clock.advance(Duration.ofSeconds(20));
                  states.add(String.valueOf(data().get("test-writes")));
                  if (failing.getCount() > 0) {
                    failing.countDown();
                    throw new IOException("destination down");
                  }
                  return WriteResult.success();
                },
                (e, n, wait) -> {}),
        BatchListener.NONE);
    TrackedMessage m = add("m1");
    batcher.flush("a");

    await().atMost(10, TimeUnit.SECONDS).until(() -> m.acks() == 1);
    // The fake clock runs hours ahead of the sealer's real schedule: only the writes are judged.
    assertThat(states).hasSizeGreaterThan(200).allMatch(s -> s.startsWith("working"));
    assertThat(data().get("test-writes")).asString().startsWith("idle");
  }

  @Test
  void aWriteStuckInsideOneAttemptIsDownAfterTheLimit() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    WriteRetries retries =
        new WriteRetries(
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), w -> {}, clock);
    start(
        b ->
            retries.untilDone(
                () -> {
                  writing.countDown();
                  release.await();
                  return WriteResult.success();
                },
                (e, n, wait) -> {}),
        BatchListener.NONE);
    TrackedMessage m = add("m1");
    batcher.flush("a");
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    // The sealer beats on its real-time schedule, behind the fake clock: only the writes are
    // judged.
    clock.advance(Duration.ofMinutes(4));
    assertThat(data().get("test-writes")).asString().startsWith("working");

    clock.advance(Duration.ofMinutes(2));
    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data().get("test-writes")).asString().startsWith("stalled");
    assertThat(data().get("reason"))
        .asString()
        .contains("test-writes stalled: a write has made no progress for 6m (limit 5m)");

    release.countDown();
    await().atMost(5, TimeUnit.SECONDS).until(() -> m.acks() == 1);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> String.valueOf(data().get("test-writes")).startsWith("idle"));
  }

  @Test
  void aStoppedSinkIsNoLongerWatched() {
    start(b -> WriteResult.success(), BatchListener.NONE);
    runtime.stop(t -> batcher.shutdown(t), Duration.ofSeconds(5));
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }
}
