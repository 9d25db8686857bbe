package io.dataflow.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedBatcherTest {
  private static final Duration AGE = Duration.ofSeconds(5);
  private static final Duration IDLE = Duration.ofSeconds(2);

  private final FakeClock clock = new FakeClock();
  private final RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
  private final List<Batch<String, ListBuffer<String>>> written = new CopyOnWriteArrayList<>();
  private final List<TrackedMessage> messages = new ArrayList<>();
  private BatchWriter<String, ListBuffer<String>> writer =
      batch -> {
        written.add(batch);
        return WriteResult.success();
      };

  private KeyedBatcher<String, String, ListBuffer<String>> batcher(
      BatchLimits limits, BatcherBounds bounds, Executor executor) {
    return KeyedBatcher.<String, String>builder(b -> writer.write(b))
        .limits(limits)
        .bounds(bounds)
        .settlement(new Settlement("test", deadLetters, new StageMetrics("test"), clock))
        .executor(executor)
        .clock(clock)
        .build();
  }

  private KeyedBatcher<String, String, ListBuffer<String>> batcher(BatchLimits limits) {
    return batcher(limits, new BatcherBounds(1000, 1_000_000, 100, 4), Runnable::run);
  }

  private static BatchLimits limits(int records, long bytes) {
    return new BatchLimits(records, bytes, AGE, IDLE);
  }

  private TrackedMessage add(KeyedBatcher<String, String, ?> b, String key, long bytes)
      throws InterruptedException {
    TrackedMessage m = TrackedMessage.of("m" + messages.size(), "dev-" + key);
    messages.add(m);
    b.add(key, "r" + messages.size(), bytes, m);
    return m;
  }

  @Test
  void countLimitSealsTheGroupAtMaxRecords() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(3, 1000));
    add(b, "a", 10);
    add(b, "a", 10);
    assertThat(written).isEmpty();
    add(b, "a", 10);
    assertThat(written)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(SealReason.COUNT);
              assertThat(x.buffer().records()).containsExactly("r1", "r2", "r3");
            });
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  @Test
  void byteLimitSealsBeforeARecordWouldExceedIt() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 100));
    add(b, "a", 60);
    add(b, "a", 60);
    assertThat(written)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(SealReason.BYTES);
              assertThat(x.rawBytes()).isEqualTo(60);
            });
    add(b, "a", 40);
    assertThat(written).hasSize(2);
    assertThat(written.get(1).rawBytes()).isEqualTo(100);
    assertThat(written.get(1).reason()).isEqualTo(SealReason.BYTES);
  }

  @Test
  void ageLimitSealsTheGroupAtItsDeadline() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(new BatchLimits(100, 1000, AGE, Duration.ZERO));
    add(b, "a", 1);
    clock.advance(Duration.ofSeconds(3));
    add(b, "a", 1);
    clock.advance(Duration.ofMillis(1999));
    assertThat(b.sealDue()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(b.sealDue()).isEqualTo(1);
    assertThat(written)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(SealReason.AGE);
              assertThat(x.records()).isEqualTo(2);
            });
  }

  @Test
  void idleLimitSealsAGroupThatStoppedReceiving() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    add(b, "a", 1);
    clock.advance(Duration.ofSeconds(1));
    add(b, "a", 1);
    clock.advance(Duration.ofMillis(1999));
    assertThat(b.sealDue()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(b.sealDue()).isEqualTo(1);
    assertThat(written.get(0).reason()).isEqualTo(SealReason.IDLE);
  }

  @Test
  void quietGroupSealsAtItsOwnDeadlineWhileAnotherGroupIsBusy() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(new BatchLimits(2, 1000, AGE, Duration.ZERO));
    add(b, "quiet", 1);
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofMillis(500));
      add(b, "busy", 1);
      b.sealDue();
    }
    assertThat(written).extracting(Batch::key).containsOnly("busy").hasSize(4);
    clock.advance(Duration.ofMillis(500));
    assertThat(b.sealDue()).isEqualTo(1);
    assertThat(b.pendingGroups()).extracting(GroupSnapshot::key).containsExactly("busy");
    assertThat(written)
        .filteredOn(x -> x.key().equals("quiet"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(SealReason.AGE);
              assertThat(x.sealedAt()).isEqualTo(x.firstAt().plus(AGE));
            });
  }

  @Test
  void eachGroupKeepsItsOwnDeadline() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(new BatchLimits(100, 1000, AGE, Duration.ZERO));
    add(b, "early", 1);
    clock.advance(Duration.ofSeconds(3));
    add(b, "late", 1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.sealDue()).isEqualTo(1);
    assertThat(written).extracting(Batch::key).containsExactly("early");
    clock.advance(Duration.ofSeconds(3));
    assertThat(b.sealDue()).isEqualTo(1);
    assertThat(written).extracting(Batch::key).containsExactly("early", "late");
  }

  @Test
  void pendingRecordBoundBlocksAddUntilAWriteFinishes() throws Exception {
    ManualExecutor executor = new ManualExecutor();
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(2, 1000), new BatcherBounds(4, 1_000_000, 10, 4), executor);
    for (int i = 0; i < 4; i++) {
      add(b, "a", 1);
    }
    assertThat(executor.queued()).isEqualTo(2);
    CompletableFuture<Void> fifth = runAsync(() -> add(b, "a", 1));
    await().until(() -> b.stats().pendingRecords() == 4 && !fifth.isDone() && waiting(fifth));
    assertThat(fifth).isNotDone();
    executor.runOne();
    fifth.get();
    assertThat(b.stats().pendingRecords()).isEqualTo(3);
  }

  @Test
  void pendingByteBoundBlocksAddUntilAWriteFinishes() throws Exception {
    ManualExecutor executor = new ManualExecutor();
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(100, 100), new BatcherBounds(1000, 150, 10, 4), executor);
    add(b, "a", 100);
    add(b, "b", 60);
    assertThat(executor.queued()).isEqualTo(1);
    CompletableFuture<Void> third = runAsync(() -> add(b, "c", 1));
    await().until(() -> waiting(third));
    assertThat(third).isNotDone();
    executor.runOne();
    third.get();
    assertThat(b.stats().pendingBytes()).isEqualTo(61);
  }

  @Test
  void pendingBoundWithNothingBeingWrittenSealsTheOldestGroup() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(100, 1000), new BatcherBounds(3, 1_000_000, 10, 4), Runnable::run);
    add(b, "a", 1);
    add(b, "b", 1);
    add(b, "b", 1);
    add(b, "c", 1);
    assertThat(written)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.key()).isEqualTo("a");
              assertThat(x.reason()).isEqualTo(SealReason.PENDING);
            });
    assertThat(b.stats().pendingRecords()).isEqualTo(3);
  }

  @Test
  void openGroupBoundSealsTheOldestGroupToMakeRoom() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(100, 1000), new BatcherBounds(1000, 1_000_000, 2, 4), Runnable::run);
    add(b, "a", 1);
    clock.advance(Duration.ofMillis(10));
    add(b, "b", 1);
    add(b, "a", 1);
    add(b, "c", 1);
    assertThat(written)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.key()).isEqualTo("a");
              assertThat(x.records()).isEqualTo(2);
              assertThat(x.reason()).isEqualTo(SealReason.GROUPS);
            });
    assertThat(b.stats().openGroups()).isEqualTo(2);
  }

  @Test
  void concurrentWritesAreBounded() throws Exception {
    ManualExecutor executor = new ManualExecutor();
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(1, 1000), new BatcherBounds(1000, 1_000_000, 10, 2), executor);
    for (int i = 0; i < 5; i++) {
      add(b, "k" + i, 1);
    }
    assertThat(executor.queued()).isEqualTo(2);
    assertThat(b.stats().writesInFlight()).isEqualTo(2);
    assertThat(b.stats().sealedWaiting()).isEqualTo(3);
    executor.runOne();
    assertThat(executor.queued()).isEqualTo(2);
    assertThat(executor.runAll()).isEqualTo(4);
    assertThat(written).hasSize(5);
    assertThat(b.stats().pendingRecords()).isZero();
  }

  @Test
  void writesRunInParallelUpToTheBound() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CompletableFuture<Void> release = new CompletableFuture<>();
    writer =
        batch -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          release.get();
          running.decrementAndGet();
          return WriteResult.success();
        };
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(
            limits(1, 1000), new BatcherBounds(1000, 1_000_000, 10, 3), r -> new Thread(r).start());
    for (int i = 0; i < 6; i++) {
      add(b, "k" + i, 1);
    }
    await().until(() -> running.get() == 3);
    release.complete(null);
    assertThat(b.awaitDrained(Duration.ofSeconds(30))).isTrue();
    assertThat(peak.get()).isEqualTo(3);
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  @Test
  void rejectedRecordsAreDeadLetteredAndTheRestAcked() throws Exception {
    writer =
        batch ->
            WriteResult.rejected(
                List.of(
                    new WriteResult.RecordFailure(1, "invalid", "no such field: x"),
                    new WriteResult.RecordFailure(3, "stopped", "row too large")));
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(4, 1000));
    for (int i = 0; i < 4; i++) {
      add(b, "a", 1);
    }
    assertThat(deadLetters.sent())
        .extracting(d -> d.envelope().id() + "/" + d.reason() + "/" + d.stage())
        .containsExactly("m1/invalid/test", "m3/stopped/test");
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThat(messages).allSatisfy(m -> assertThat(m.nacks()).isZero());
  }

  @Test
  void refusedDeadLetterNacksThatMessage() throws Exception {
    deadLetters.refuse(true);
    writer =
        batch -> WriteResult.rejected(List.of(new WriteResult.RecordFailure(0, "invalid", "")));
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(2, 1000));
    TrackedMessage first = add(b, "a", 1);
    TrackedMessage second = add(b, "a", 1);
    assertThat(first.nacks()).isEqualTo(1);
    assertThat(first.acks()).isZero();
    assertThat(second.acks()).isEqualTo(1);
  }

  @Test
  void failedWriteNacksEveryMessageOfTheBatch() throws Exception {
    writer =
        batch -> {
          throw new IOException("503 after retries");
        };
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(3, 1000));
    for (int i = 0; i < 3; i++) {
      add(b, "a", 1);
    }
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.nacks()).isEqualTo(1);
              assertThat(m.acks()).isZero();
            });
    assertThat(b.stats().pendingRecords()).isZero();
  }

  @Test
  void flushSealsOneGroupAndFlushAllSealsTheRest() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    add(b, "a", 1);
    add(b, "b", 1);
    add(b, "c", 1);
    assertThat(b.flush("b")).isTrue();
    assertThat(b.flush("missing")).isFalse();
    assertThat(written).extracting(Batch::key).containsExactly("b");
    assertThat(b.flushAll()).isEqualTo(2);
    assertThat(written).extracting(Batch::reason).containsOnly(SealReason.FLUSH).hasSize(3);
  }

  @Test
  void pendingGroupsShowTheNextSealReasonAndTime() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    var start = clock.instant();
    add(b, "a", 10);
    clock.advance(Duration.ofSeconds(4));
    add(b, "a", 5);
    add(b, "b", 7);
    assertThat(b.pendingGroups())
        .containsExactly(
            new GroupSnapshot<>("a", 2, 15, 15, start, SealReason.AGE, start.plus(AGE), false),
            new GroupSnapshot<>(
                "b", 1, 7, 7, clock.instant(), SealReason.IDLE, clock.instant().plus(IDLE), false));
    assertThat(b.oldestPendingAge()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aHeldGroupIsNotSealedByItsDeadlinesNorByFlushAllUntilReleased() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    add(b, "a", 10);
    add(b, "b", 10);
    assertThat(b.hold("a")).isTrue();
    clock.advance(AGE.plusSeconds(1));

    b.sealDue();
    b.flushAll();

    assertThat(written).extracting(Batch::key).containsExactly("b");
    assertThat(b.pendingGroups()).singleElement().satisfies(g -> assertThat(g.held()).isTrue());
    assertThat(messages.get(0).settled()).isFalse();

    assertThat(b.release("a")).isTrue();
    b.sealDue();

    assertThat(written).extracting(Batch::key).containsExactly("b", "a");
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThat(b.holdsEnded()).isZero();
  }

  @Test
  void holdingAGroupThatIsNotOpenIsRefused() {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));

    assertThat(b.hold("nope")).isFalse();
    assertThat(b.release("nope")).isFalse();
  }

  @Test
  void aHeldGroupAtItsCountLimitIsSealedAndItsHoldEnds() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(3, 1000));
    add(b, "a", 10);
    b.hold("a");
    add(b, "a", 10);
    add(b, "a", 10);

    assertThat(written)
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).isEqualTo(SealReason.COUNT));
    assertThat(b.holdsEnded()).isEqualTo(1);
    assertThat(b.isHeld("a")).isFalse();
  }

  @Test
  void theOpenGroupBoundSealsAGroupThatIsNotHeldFirst() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(100, 1000), new BatcherBounds(1000, 1_000_000, 2, 4), Runnable::run);
    add(b, "old", 10);
    b.hold("old");
    clock.advance(Duration.ofSeconds(1));
    add(b, "newer", 10);
    clock.advance(Duration.ofSeconds(1));

    add(b, "third", 10);

    assertThat(written).extracting(Batch::key).containsExactly("newer");
    assertThat(b.isHeld("old")).isTrue();
  }

  @Test
  void whenOnlyHeldGroupsHoldThePendingBoundTheOldestIsSealedSoOthersAreNotBlocked()
      throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(100, 1000), new BatcherBounds(2, 1_000_000, 100, 4), Runnable::run);
    add(b, "a", 10);
    add(b, "a", 10);
    b.hold("a");

    add(b, "b", 10); // the bound is reached: without the seal this add would block for ever

    assertThat(written).extracting(Batch::key).containsExactly("a");
    assertThat(b.holdsEnded()).isEqualTo(1);
    assertThat(b.stats().pendingRecords()).isEqualTo(1);
  }

  @Test
  void droppingAGroupDeadLettersEachRecordAcksItAndFreesThePendingBound() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    add(b, "a", 10);
    add(b, "a", 10);
    add(b, "b", 10);
    b.hold("a");

    int dropped = b.drop("a", "operator-drop", "dropped by alice");

    assertThat(dropped).isEqualTo(2);
    assertThat(deadLetters.sent())
        .extracting(d -> d.stage() + ":" + d.reason() + ":" + d.envelope().id())
        .containsExactly("test:operator-drop:m0", "test:operator-drop:m1");
    assertThat(messages.get(0).acks()).isEqualTo(1);
    assertThat(messages.get(1).acks()).isEqualTo(1);
    assertThat(b.stats().pendingRecords()).isEqualTo(1);
    assertThat(b.isHeld("a")).isFalse();
    assertThat(b.drop("a", "operator-drop", "again")).isEqualTo(-1);
    assertThat(written).isEmpty();
  }

  @Test
  void shutdownWritesEveryGroupAndRefusesNewRecords() throws Exception {
    KeyedBatcher<String, String, ListBuffer<String>> b = batcher(limits(100, 1000));
    add(b, "a", 1);
    add(b, "b", 1);
    assertThat(b.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(written).extracting(Batch::reason).containsOnly(SealReason.SHUTDOWN).hasSize(2);
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThatThrownBy(() -> add(b, "a", 1)).isInstanceOf(BatcherClosedException.class);
  }

  @Test
  void shutdownReleasesABlockedAdd() throws Exception {
    ManualExecutor executor = new ManualExecutor();
    KeyedBatcher<String, String, ListBuffer<String>> b =
        batcher(limits(1, 1000), new BatcherBounds(1, 1_000_000, 10, 1), executor);
    add(b, "a", 1);
    CompletableFuture<Void> blocked = runAsync(() -> add(b, "a", 1));
    await().until(() -> waiting(blocked));
    CompletableFuture<Boolean> shutdown =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return b.shutdown(Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().until(blocked::isDone);
    assertThat(blocked).isCompletedExceptionally();
    executor.runAll();
    assertThat(shutdown.get()).isTrue();
  }

  @Test
  void bufferFailureLeavesNothingPending() throws Exception {
    KeyedBatcher<String, String, JoiningBuffer> b =
        inline(
            key ->
                new JoiningBuffer() {
                  @Override
                  public void add(String record, long bytes) {
                    throw new IllegalArgumentException("cannot encode");
                  }
                },
            batch -> WriteResult.success(),
            10);
    assertThatThrownBy(() -> add(b, "a", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.stats().pendingRecords()).isZero();
    assertThat(b.stats().openGroups()).isZero();
  }

  /** A buffer with its own view of the records, as the archive's compressor has. */
  private static class JoiningBuffer implements BatchBuffer<String> {
    private final StringBuilder joined = new StringBuilder();

    @Override
    public void add(String record, long bytes) {
      joined.append(joined.isEmpty() ? "" : ",").append(record);
    }

    @Override
    public long bufferedBytes() {
      return joined.length();
    }

    String joined() {
      return joined.toString();
    }
  }

  @Test
  void theWriterReceivesTheBufferTheFactoryMade() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    KeyedBatcher<String, String, JoiningBuffer> b =
        inline(
            key -> new JoiningBuffer(),
            batch -> {
              seen.add(batch.key() + ":" + batch.buffer().joined());
              return WriteResult.success();
            },
            2);

    add(b, "a", 1);
    add(b, "a", 1);

    assertThat(seen).containsExactly("a:r1,r2");
  }

  // --- helpers

  /** A batcher with its own buffers that writes on the calling thread. */
  private <B extends BatchBuffer<String>> KeyedBatcher<String, String, B> inline(
      BatchBuffer.Factory<String, B> buffers, BatchWriter<String, B> writer, int maxRecords) {
    return KeyedBatcher.builder(buffers, writer)
        .limits(limits(maxRecords, 1000))
        .bounds(new BatcherBounds(10, 1000, 10, 1))
        .settlement(new Settlement("test", deadLetters, new StageMetrics("test"), clock))
        .executor(Runnable::run)
        .clock(clock)
        .build();
  }

  private interface Action {
    void run() throws Exception;
  }

  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private CompletableFuture<Void> runAsync(Action action) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                action.run();
                f.complete(null);
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            });
    threads.add(t);
    t.start();
    return f;
  }

  /** True when the thread behind the future is parked (blocked in add). */
  private boolean waiting(CompletableFuture<Void> f) {
    return threads.stream().anyMatch(t -> t.getState() == Thread.State.WAITING);
  }
}
