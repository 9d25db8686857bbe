package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatchListener;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink over the local directory store with real threads: several producers, parallel uploads
 * and the pending bound pushing back, then every object read back with gunzip and the codec.
 */
class ArchiverLocalStoreTest {
  private static final Instant DAY1 = Instant.parse("2026-11-25T06:00:00Z");
  private static final List<String> LOCATIONS = List.of("berlin", "paris", "rome");

  @TempDir Path dir;
  private final ExecutorService uploads = Executors.newFixedThreadPool(4);
  private final ExecutorService producers = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    uploads.shutdownNow();
    producers.shutdownNow();
  }

  @Test
  void tenThousandEnvelopesFromThreeLocationsOverTwoDaysLandInTheirFoldersExactlyOnce()
      throws Exception {
    FakeClock clock = new FakeClock(DAY1);
    ArchiveConfig config =
        new ArchiveConfig(
            ArchiveKeyTemplate.parse("{yyyy}/{MM}/{dd}/{location}"),
            new BatchLimits(500, 10_000_000, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            new BatcherBounds(2_000, 64_000_000, 16, 3),
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            Duration.ofSeconds(60),
            java.util.Optional.empty());
    Archiver archiver =
        new Archiver(
            config,
            new LocalDirectoryBlobStore(dir),
            new ArchiveStats(),
            new Settlement(
                "archive", new RecordingDeadLetterSink(), new StageMetrics("archive"), clock),
            uploads,
            clock,
            clock::advance,
            BatchListener.NONE);
    List<TrackedMessage> messages = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Instant t = DAY1.plus(Duration.ofDays(i % 2)).plusSeconds(i);
      messages.add(new TrackedMessage(TestEnvelopes.envelope("e-" + i, LOCATIONS.get(i % 3), t)));
    }

    List<Future<?>> running = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      List<TrackedMessage> share = messages.subList(p * 2_500, (p + 1) * 2_500);
      running.add(producers.submit(() -> share.forEach(archiver::accept)));
    }
    for (Future<?> f : running) {
      f.get();
    }
    assertThat(archiver.shutdown(Duration.ofSeconds(60))).isTrue();

    List<String> ids = new ArrayList<>();
    List<Path> objects;
    try (var files = Files.walk(dir)) {
      objects = files.filter(p -> p.toString().endsWith(".jsonl.gz")).toList();
    }
    for (Path object : objects) {
      String folder = dir.relativize(object.getParent()).toString();
      for (Envelope e : TestEnvelopes.readBack(Files.readAllBytes(object))) {
        var day = e.eventTime().atZone(ZoneOffset.UTC).toLocalDate();
        assertThat(folder)
            .isEqualTo(
                String.format(
                    "%04d/%02d/%02d/%s",
                    day.getYear(),
                    day.getMonthValue(),
                    day.getDayOfMonth(),
                    e.enrichmentString("location")));
        ids.add(e.id());
      }
    }
    assertThat(ids).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(objects.stream().map(p -> dir.relativize(p.getParent()).toString()).distinct())
        .containsExactlyInAnyOrder(
            "2026/11/25/berlin",
            "2026/11/25/paris",
            "2026/11/25/rome",
            "2026/11/26/berlin",
            "2026/11/26/paris",
            "2026/11/26/rome");
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.acks()).isEqualTo(1);
              assertThat(m.nacks()).isZero();
            });
  }

  /**
   * Event times no calendar folder expects (years past 9999, before 1, the ISO extremes) still give
   * object names the local store takes: each record is stored once and acked, none stalls a slot.
   */
  @Test
  void eventTimesAtTheExtremesAreArchivedUnderNamesTheStoreTakes() throws Exception {
    FakeClock clock = new FakeClock(DAY1);
    RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
    Archiver archiver = archiver(new LocalDirectoryBlobStore(dir), 1, deadLetters, clock);
    List<Instant> times =
        List.of(
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("+10005-06-01T12:00:00Z"),
            Instant.parse("+999999999-12-31T23:59:59Z"),
            Instant.parse("-999999999-01-01T00:00:00Z"),
            Instant.ofEpochMilli(Long.MAX_VALUE),
            Instant.parse("0000-12-31T23:59:59Z"));
    List<TrackedMessage> messages = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      messages.add(new TrackedMessage(TestEnvelopes.envelope("odd-" + i, "berlin", times.get(i))));
    }

    messages.forEach(archiver::accept);
    assertThat(archiver.shutdown(Duration.ofSeconds(30))).isTrue();

    List<String> ids = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      for (Path object : files.filter(p -> p.toString().endsWith(".jsonl.gz")).toList()) {
        assertThat(object.getFileName().toString()).doesNotContain("+");
        TestEnvelopes.readBack(Files.readAllBytes(object)).forEach(e -> ids.add(e.id()));
      }
    }
    assertThat(ids)
        .as("dead letters: %s", deadLetters.sent())
        .containsExactlyInAnyOrder("odd-0", "odd-1", "odd-2", "odd-3", "odd-4", "odd-5");
    assertThat(deadLetters.sent()).isEmpty();
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  /** An object that no store can take is dead-lettered with its reason, not retried for ever. */
  @Test
  void anObjectTheStoreRefusesForGoodIsDeadLetteredNotRetried() throws Exception {
    FakeClock clock = new FakeClock(DAY1);
    RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
    BlobStore refusing =
        new BlobStore() {
          @Override
          public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
            throw new UnstorableObjectException("unsafe object name '" + object.name() + "'");
          }

          @Override
          public List<String> list(String prefix) {
            return List.of();
          }

          @Override
          public String describe() {
            return "refusing";
          }
        };
    Archiver archiver = archiver(refusing, 2, deadLetters, clock);
    List<TrackedMessage> messages =
        List.of(
            new TrackedMessage(TestEnvelopes.envelope("a", "berlin", DAY1)),
            new TrackedMessage(TestEnvelopes.envelope("b", "berlin", DAY1)));

    messages.forEach(archiver::accept);
    assertThat(archiver.shutdown(Duration.ofSeconds(30))).isTrue();

    assertThat(deadLetters.sent())
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(ArchiveUploader.UNSTORABLE));
    assertThat(messages).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  /** An archiver of the default key template over the store, sealing every maxRecords records. */
  private Archiver archiver(
      BlobStore store, int maxRecords, RecordingDeadLetterSink deadLetters, FakeClock clock) {
    return new Archiver(
        new ArchiveConfig(
            ArchiveKeyTemplate.parse("{yyyy}/{MM}/{dd}/{location}"),
            new BatchLimits(maxRecords, 10_000_000, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            new BatcherBounds(2_000, 64_000_000, 16, 3),
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            Duration.ofSeconds(60),
            java.util.Optional.empty()),
        store,
        new ArchiveStats(),
        new Settlement("archive", deadLetters, new StageMetrics("archive"), clock),
        uploads,
        clock,
        clock::advance,
        BatchListener.NONE);
  }
}
