package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Storage;
import io.dataflow.envelope.Envelope;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.archive.adapter.GcsBlobStore;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatchMetrics;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.FakeGcsServer;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archive sink end to end over the real GCS client and the wire-level fake. */
class ArchiverGcsTest {
  private static final Instant DAY1 = Instant.parse("2026-11-25T08:00:00Z");
  private static final List<String> LOCATIONS = List.of("berlin", "paris", "rome");

  private final FakeClock clock = new FakeClock(DAY1);
  private final ArchiveStats stats = new ArchiveStats();
  private final BatchMetrics metrics =
      new BatchMetrics("archive", PipelineMetrics.unregistered(), null);
  private final ExecutorService uploads = Executors.newFixedThreadPool(4);
  private FakeGcsServer gcs;
  private Storage storage;
  private Archiver archiver;

  @BeforeEach
  void start() throws Exception {
    gcs = FakeGcsServer.start().createBucket("archive");
    storage = GoogleClients.storage(gcs.clientOptions());
    ArchiveConfig config =
        new ArchiveConfig(
            ArchiveKeyTemplate.parse("{yyyy}/{MM}/{dd}/{location}"),
            new BatchLimits(250, 10_000_000, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            new BatcherBounds(100_000, 64_000_000, 100, 4),
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            Duration.ofSeconds(60),
            java.util.Optional.empty());
    archiver =
        new Archiver(
            config,
            new GcsBlobStore(storage, "archive", "telemetry/", 64 * 1024),
            stats,
            new Settlement(
                "archive", new RecordingDeadLetterSink(), new StageMetrics("archive"), clock),
            uploads,
            clock,
            clock::advance, // the backoff moves the fake clock: no sleeping
            metrics);
  }

  @AfterEach
  void stop() throws Exception {
    uploads.shutdownNow();
    storage.close();
    gcs.close();
  }

  private List<TrackedMessage> messages(int n) {
    List<TrackedMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant t = DAY1.plus(Duration.ofHours(i % 2 * 24)).plusSeconds(i);
      out.add(new TrackedMessage(TestEnvelopes.envelope("msg-" + i, LOCATIONS.get(i % 3), t)));
    }
    return out;
  }

  private List<String> storedIds() {
    return gcs.objects().stream()
        .flatMap(o -> TestEnvelopes.readBack(o.content()).stream())
        .map(Envelope::id)
        .toList();
  }

  @Test
  void upload503sThenSuccessLoseNothing() throws Exception {
    gcs.failNextUploads(503, 5);
    List<TrackedMessage> messages = messages(1_000);

    messages.forEach(archiver::accept);
    archiver.flushAll("test");
    assertThat(archiver.batcher().awaitDrained(Duration.ofSeconds(30))).isTrue();

    assertThat(storedIds())
        .hasSize(1_000)
        .containsExactlyInAnyOrderElementsOf(
            messages.stream().map(m -> m.getPayload().id()).toList());
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.acks()).isEqualTo(1);
              assertThat(m.nacks()).isZero();
            });
    assertThat(stats.retries()).isEqualTo(5);
    assertThat(metrics.written()).isEqualTo(1_000);
    assertThat(metrics.failed()).isZero();
    assertThat(gcs.objects())
        .allSatisfy(
            o -> {
              assertThat(o.name())
                  .matches("telemetry/2026/11/2[56]/(berlin|paris|rome)/.*\\.jsonl\\.gz");
              assertThat(o.contentEncoding()).isEqualTo("gzip");
            });
  }

  @Test
  void aBatchReplayedThreeTimesIsStoredOnceAndAckedEachTime() throws Exception {
    for (int replay = 0; replay < 3; replay++) {
      List<TrackedMessage> delivery = messages(100);
      delivery.forEach(archiver::accept);
      archiver.flushAll("test");
      assertThat(archiver.batcher().awaitDrained(Duration.ofSeconds(30))).isTrue();
      assertThat(delivery).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    }

    assertThat(storedIds()).hasSize(100).doesNotHaveDuplicates();
    assertThat(stats.objectsWritten()).isEqualTo(6); // 3 locations x 2 days
    assertThat(stats.objectsAlreadyStored()).isEqualTo(12);
  }
}
