package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatchListener;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.ManualExecutor;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The archive sink's logic with a fake clock and an in-memory store. */
class ArchiverTest {
  private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration AGE = Duration.ofMinutes(5);
  private static final Duration IDLE = Duration.ofSeconds(30);

  private final FakeClock clock = new FakeClock(START);
  private final InMemoryBlobStore store = new InMemoryBlobStore();
  private final ArchiveStats stats = new ArchiveStats();
  private final RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
  private final List<TrackedMessage> messages = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();

  private Archiver archiver(BatchLimits limits, BatcherBounds bounds, Executor uploads) {
    ArchiveConfig config =
        new ArchiveConfig(
            ArchiveKeyTemplate.parse("{yyyy}/{MM}/{dd}/{location}"),
            limits,
            bounds,
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            Duration.ofSeconds(60),
            java.util.Optional.empty());
    return new Archiver(
        config,
        store,
        stats,
        new Settlement("archive", deadLetters, new StageMetrics("archive"), clock),
        uploads,
        clock,
        d -> {
          pauses.add(d);
          clock.advance(d);
        },
        BatchListener.NONE);
  }

  private Archiver archiver(int maxRecords) {
    return archiver(
        new BatchLimits(maxRecords, 1_000_000, AGE, IDLE),
        new BatcherBounds(1_000, 10_000_000, 100, 4),
        Runnable::run);
  }

  private TrackedMessage send(Archiver a, String location) {
    Envelope e = TestEnvelopes.envelope("m" + messages.size(), location, clock.instant());
    TrackedMessage m = new TrackedMessage(e);
    messages.add(m);
    a.accept(m);
    return m;
  }

  private List<Envelope> stored(String keyPrefix) {
    return store.objects().stream()
        .filter(o -> o.name().startsWith(keyPrefix))
        .flatMap(o -> TestEnvelopes.readBack(o.content()).stream())
        .toList();
  }

  @Test
  void countLimitSealsOnlyThatGroup() {
    Archiver a = archiver(3);
    TrackedMessage paris = send(a, "paris");
    List<TrackedMessage> berlin = List.of(send(a, "berlin"), send(a, "berlin"), send(a, "berlin"));

    assertThat(store.objects())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.name()).startsWith("2026/11/25/berlin/");
              assertThat(o.metadata()).containsEntry(ArchiveMetadata.RECORD_COUNT, "3");
            });
    assertThat(berlin).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThat(paris.settled()).isFalse();
    assertThat(a.pendingGroups()).extracting(PendingGroup::key).containsExactly("2026/11/25/paris");
  }

  @Test
  void byteLimitSealsTheGroupBeforeARecordWouldPassIt() {
    long oneRecord = ArchiveRecord.of(TestEnvelopes.envelope("m0", "berlin", START)).rawBytes();
    Archiver a =
        archiver(
            new BatchLimits(100, oneRecord * 2 + oneRecord / 2, AGE, IDLE),
            new BatcherBounds(1_000, 10_000_000, 100, 4),
            Runnable::run);
    send(a, "berlin");
    send(a, "berlin");
    send(a, "paris");
    assertThat(store.objects()).isEmpty();

    send(a, "berlin");

    assertThat(store.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.metadata()).containsEntry(ArchiveMetadata.RECORD_COUNT, "2"));
    assertThat(a.pendingGroups())
        .extracting(PendingGroup::key, PendingGroup::records)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("2026/11/25/paris", 1L),
            org.assertj.core.groups.Tuple.tuple("2026/11/25/berlin", 1L));
  }

  @Test
  void ageLimitSealsABusyGroupAtFirstRecordPlusMaxAge() {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    for (int i = 0; i < 10; i++) { // a record every 29s: never idle for 30s
      clock.advance(Duration.ofSeconds(29));
      a.sealDue();
      send(a, "berlin");
    }
    assertThat(store.objects()).isEmpty();
    assertThat(a.pendingGroups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.sealReason()).isEqualTo("age");
              assertThat(g.sealsAt()).isEqualTo(START.plus(AGE));
            });

    clock.advance(Duration.ofSeconds(10)); // first record + 5m

    assertThat(a.sealDue()).isEqualTo(1);
    assertThat(stored("2026/11/25/berlin")).hasSize(11);
  }

  @Test
  void idleLimitSealsAGroupWithoutNewRecords() {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    clock.advance(IDLE.minusMillis(1));
    assertThat(a.sealDue()).isZero();

    clock.advance(Duration.ofMillis(1));

    assertThat(a.sealDue()).isEqualTo(1);
    assertThat(stored("2026/11/25/berlin")).hasSize(1);
    assertThat(messages.get(0).acks()).isEqualTo(1);
  }

  @Test
  void quietGroupSealsAtItsOwnDeadlineWhileAnotherIsBusy() {
    Archiver a = archiver(1_000);
    TrackedMessage quiet = send(a, "paris");
    for (int s = 0; s < 30; s += 5) {
      send(a, "berlin");
      clock.advance(Duration.ofSeconds(5));
    }
    // 30s after paris's only record; berlin's last record was 5s ago.

    a.sealDue();

    assertThat(stored("2026/11/25/paris")).hasSize(1);
    assertThat(quiet.acks()).isEqualTo(1);
    assertThat(stored("2026/11/25/berlin")).isEmpty();
    assertThat(a.pendingGroups())
        .extracting(PendingGroup::key)
        .containsExactly("2026/11/25/berlin");
  }

  @Test
  void messagesAreAckedOnlyAfterTheirObjectIsStored() {
    ManualExecutor uploads = new ManualExecutor();
    Archiver a =
        archiver(
            new BatchLimits(2, 1_000_000, AGE, IDLE),
            new BatcherBounds(1_000, 10_000_000, 100, 4),
            uploads);
    send(a, "berlin");
    send(a, "berlin");

    assertThat(uploads.queued()).isEqualTo(1);
    assertThat(messages).noneMatch(TrackedMessage::settled);
    assertThat(a.pendingGroups())
        .singleElement()
        .satisfies(g -> assertThat(g.sealReason()).isEqualTo("sealed:count"));

    uploads.runAll();

    assertThat(store.objects()).hasSize(1);
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThat(a.pendingGroups()).isEmpty();
  }

  @Test
  void failedUploadsKeepTheBatchPendingAndUnackedUntilStored() {
    Archiver a = archiver(3);
    List<Boolean> settledDuringFailures = new ArrayList<>();
    store.onFailure(
        () -> settledDuringFailures.add(messages.stream().anyMatch(TrackedMessage::settled)));
    store.failNext(4);

    send(a, "berlin");
    send(a, "berlin");
    send(a, "berlin");

    assertThat(settledDuringFailures).containsExactly(false, false, false, false);
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    assertThat(stored("2026/11/25/berlin"))
        .extracting(Envelope::id)
        .containsExactly("m0", "m1", "m2");
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.acks()).isEqualTo(1);
              assertThat(m.nacks()).isZero();
            });
    assertThat(stats.retries()).isEqualTo(4);
    assertThat(stats.objectsWritten()).isEqualTo(1);
  }

  @Test
  void pendingRecordBoundBlocksIntakeUntilAnUploadFinishes() {
    ManualExecutor uploads = new ManualExecutor();
    Archiver a =
        archiver(
            new BatchLimits(2, 1_000_000, AGE, IDLE),
            new BatcherBounds(3, 10_000_000, 100, 4),
            uploads);
    send(a, "berlin");
    send(a, "berlin"); // sealed, upload queued
    send(a, "paris"); // 3 pending: the bound

    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> send(a, "rome"));

    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !blocked.isDone());
    assertThat(a.pendingGroups()).extracting(PendingGroup::key).doesNotContain("2026/11/25/rome");
    uploads.runAll();
    await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
    assertThat(a.pendingGroups()).extracting(PendingGroup::key).contains("2026/11/25/rome");
    assertThat(deadLetters.sent()).isEmpty();
  }

  @Test
  void pendingMemoryBoundSealsTheOldestGroupAndWaitsForItsUpload() {
    ManualExecutor uploads = new ManualExecutor();
    // Each open group holds one 512-byte chunk: two groups reach a 1000-byte bound.
    Archiver a =
        archiver(
            new BatchLimits(1_000, 1_000_000, AGE, IDLE),
            new BatcherBounds(1_000, 1_000, 100, 4),
            uploads);
    send(a, "berlin");
    clock.advance(Duration.ofSeconds(1));
    send(a, "paris");

    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> send(a, "rome"));

    await().atMost(Duration.ofSeconds(5)).until(() -> uploads.queued() == 1);
    assertThat(blocked).isNotDone();
    uploads.runAll();
    await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
    assertThat(stored("2026/11/25/berlin")).hasSize(1);
    assertThat(a.pendingGroups())
        .extracting(PendingGroup::key)
        .containsExactlyInAnyOrder("2026/11/25/paris", "2026/11/25/rome");
  }

  @Test
  void openGroupBoundSealsTheOldestGroupNeverDropping() {
    Archiver a =
        archiver(
            new BatchLimits(1_000, 1_000_000, AGE, IDLE),
            new BatcherBounds(1_000, 10_000_000, 2, 4),
            Runnable::run);
    send(a, "berlin");
    clock.advance(Duration.ofSeconds(1));
    send(a, "paris");
    clock.advance(Duration.ofSeconds(1));

    send(a, "rome");

    assertThat(stored("2026/11/25/berlin")).hasSize(1);
    assertThat(a.pendingGroups())
        .extracting(PendingGroup::key)
        .containsExactlyInAnyOrder("2026/11/25/paris", "2026/11/25/rome");
  }

  @Test
  void pendingGroupsShowSizesAgeAndNextSeal() {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    clock.advance(Duration.ofSeconds(10));
    send(a, "berlin");

    PendingGroup g = a.pendingGroups().get(0);

    assertThat(g.key()).isEqualTo("2026/11/25/berlin");
    assertThat(g.records()).isEqualTo(2);
    assertThat(g.rawBytes()).isGreaterThan(300);
    assertThat(g.compressedBytes()).isPositive();
    assertThat(g.oldestRecordAt()).isEqualTo(START);
    assertThat(g.sealReason()).isEqualTo("idle");
    assertThat(g.sealsAt()).isEqualTo(START.plusSeconds(10).plus(IDLE));
  }

  @Test
  void operatorFlushesOneGroupOrAll() {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    send(a, "paris");
    send(a, "rome");

    assertThat(a.flush("2026/11/25/paris", "alice")).isTrue();
    assertThat(a.flush("2026/11/25/nowhere", "alice")).isFalse();
    assertThat(a.flush("../../etc", "mallory")).isFalse();
    assertThat(stored("2026/11/25/paris")).hasSize(1);

    assertThat(a.flushAll("bob")).isEqualTo(2);
    assertThat(store.objects()).hasSize(3);
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  @Test
  void shutdownStopsIntakeFlushesEveryGroupThenAcks() throws Exception {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    send(a, "paris");

    assertThat(a.shutdown(Duration.ofSeconds(10))).isTrue();

    assertThat(store.objects()).hasSize(2);
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    TrackedMessage late = send(a, "berlin");
    assertThat(late.nacks()).isEqualTo(1);
  }

  @Test
  void shutdownWithTheStoreDownGivesUpAtAFreshDeadlineAndNacks() throws Exception {
    Archiver a = archiver(1_000);
    send(a, "berlin");
    clock.advance(Duration.ofHours(3)); // long-lived sink: the deadline counts from shutdown
    store.down(true);

    assertThat(a.shutdown(Duration.ofSeconds(30))).isTrue();

    assertThat(messages.get(0).nacks()).isEqualTo(1);
    assertThat(messages.get(0).acks()).isZero();
    assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(store.calls()).isGreaterThan(1);
  }
}
