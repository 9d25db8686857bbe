package io.dataflow.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.concurrent.WorkerStatus.State;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private WorkerStatus only() {
    assertThat(heartbeats.check(LIMIT)).hasSize(1);
    return heartbeats.check(LIMIT).get(0);
  }

  @Test
  void aWorkerThatStopsBeatingWithWorkPendingStallsAfterTheLimit() {
    Heartbeat h = heartbeats.register("flusher", () -> true);
    h.beat();
    clock.advance(LIMIT);
    assertThat(only().state()).isEqualTo(State.WORKING);

    clock.advance(Duration.ofSeconds(1));
    WorkerStatus s = only();
    assertThat(s.state()).isEqualTo(State.STALLED);
    assertThat(s.down()).isTrue();
    assertThat(s.reason()).contains("no progress for 5m 1s").contains("limit 5m");
    assertThat(s.sinceProgress()).isEqualTo(Duration.ofSeconds(301));

    h.beat();
    assertThat(only().state()).isEqualTo(State.WORKING);
  }

  @Test
  void anIdleWorkerNeverStalls() {
    heartbeats.register("sealer", () -> false);
    clock.advance(Duration.ofDays(3));
    WorkerStatus s = only();
    assertThat(s.state()).isEqualTo(State.IDLE);
    assertThat(s.down()).isFalse();
    assertThat(s.sinceProgress()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void workArrivingAfterAQuietSpellCountsFromWhenItWasLastSeenIdle() {
    AtomicBoolean pending = new AtomicBoolean();
    heartbeats.register("enrich", pending::get);
    clock.advance(Duration.ofHours(1));
    assertThat(only().state()).isEqualTo(State.IDLE);

    pending.set(true);
    clock.advance(Duration.ofSeconds(10));
    assertThat(only().state()).isEqualTo(State.WORKING);
    clock.advance(LIMIT);
    assertThat(only().state()).isEqualTo(State.STALLED);
  }

  @Test
  void busyAndIdleBracketTheWork() {
    Heartbeat h = heartbeats.register("recorder");
    clock.advance(Duration.ofHours(1));
    h.busy();
    clock.advance(Duration.ofMinutes(4));
    assertThat(only().state()).isEqualTo(State.WORKING);
    clock.advance(Duration.ofMinutes(2));
    assertThat(only().state()).isEqualTo(State.STALLED);

    h.idle();
    clock.advance(Duration.ofHours(1));
    assertThat(only().state()).isEqualTo(State.IDLE);
  }

  @Test
  void aWorkerWhoseThreadDiedIsDownAtOnceWithItsName() {
    Heartbeat h = heartbeats.register("journal-raw", () -> false);
    h.died(new IllegalStateException("boom"));
    WorkerStatus s = only();
    assertThat(s.name()).isEqualTo("journal-raw");
    assertThat(s.state()).isEqualTo(State.DEAD);
    assertThat(s.reason()).contains("IllegalStateException: boom");
  }

  @Test
  void aWorkerWhoseThreadEndedIsDownWithoutBeingTold() throws InterruptedException {
    Thread t = new Thread(() -> {});
    Heartbeat h = heartbeats.register("mqtt-raw", () -> false).whileRunning(t::isAlive);
    t.start();
    t.join();
    assertThat(only().state()).isEqualTo(State.DEAD);

    h.close();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }

  @Test
  void pausingOnPurposeIsProgressUntilThePauseIsOver() {
    Heartbeat h = heartbeats.register("flusher", () -> true);
    h.pausing(Duration.ofMinutes(30));
    clock.advance(Duration.ofMinutes(34));
    assertThat(only().state()).isEqualTo(State.WORKING);
    clock.advance(Duration.ofMinutes(2));
    assertThat(only().state()).isEqualTo(State.STALLED);
  }

  @Test
  void namesAreKeptUnique() {
    heartbeats.register("enrich", () -> false);
    heartbeats.register("enrich", () -> false);
    assertThat(heartbeats.check(LIMIT))
        .extracting(WorkerStatus::name)
        .containsExactly("enrich", "enrich-2");
  }

  @Test
  void aSinkRetryingThroughAnOutageStaysUp() throws Exception {
    TrackedExecutor writes = heartbeats.track("archive-writes", pool);
    CountDownLatch attempted = new CountDownLatch(1);
    CountDownLatch next = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    writes.execute(
        () -> {
          try {
            // An hour of outage: an attempt, a minute's backoff, again.
            for (int i = 0; i < 60; i++) {
              TrackedExecutor.progress();
              TrackedExecutor.pausing(Duration.ofMinutes(1));
              if (i == 0) {
                attempted.countDown();
                next.await();
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            done.countDown();
          }
        });
    assertThat(attempted.await(5, TimeUnit.SECONDS)).isTrue();
    // Mid-backoff: waiting on purpose, so no stall however long the outage lasts.
    clock.advance(Duration.ofMinutes(5));
    assertThat(only().state()).isEqualTo(State.WORKING);
    next.countDown();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    // The task leaves the pool's books just after its last line.
    await().atMost(5, TimeUnit.SECONDS).until(() -> only().state() == State.IDLE);
    clock.advance(Duration.ofHours(1));
    assertThat(only().state()).isEqualTo(State.IDLE);
  }

  @Test
  void aWriteStuckInsideOneAttemptStallsThePoolEvenWhileOthersProgress() throws Exception {
    TrackedExecutor writes = heartbeats.track("bigquery-writes", pool);
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    writes.execute(
        () -> {
          TrackedExecutor.progress();
          stuck.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofMinutes(4));
    CountDownLatch quick = new CountDownLatch(1);
    writes.execute(quick::countDown);
    assertThat(quick.await(5, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofMinutes(2));
    WorkerStatus s = only();
    assertThat(s.state()).isEqualTo(State.STALLED);
    assertThat(s.reason()).contains("a write has made no progress for 6m");
    release.countDown();
  }

  @Test
  void aPoolShutDownWhileWatchedIsDead() {
    TrackedExecutor writes = heartbeats.track("archive-writes", pool);
    pool.shutdown();
    assertThat(only().state()).isEqualTo(State.DEAD);
    assertThat(only().reason()).contains("shut down");
    writes.close();
    assertThat(heartbeats.check(LIMIT)).isEmpty();
  }

  @Test
  void durationsReadAsTheSettingsAreWritten() {
    assertThat(Heartbeats.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Heartbeats.format(Duration.ofSeconds(363))).isEqualTo("6m 3s");
    assertThat(Heartbeats.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Heartbeats.format(Duration.ofMinutes(125))).isEqualTo("2h 5m");
  }
}
