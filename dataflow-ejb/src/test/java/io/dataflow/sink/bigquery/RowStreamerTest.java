package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.TableId;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.KeyedBatcher;
import io.dataflow.sink.batch.ListBuffer;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.bigquery.adapter.BigQueryRowWriter;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink (transformer, batcher, writer) with the real client against the fake BigQuery. */
class RowStreamerTest {
  private static final String PROJECT = "test-project";

  private final FakeBigQueryServer fake;
  private final FakeClock clock = new FakeClock();
  private final RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
  private final StageMetrics stage = new StageMetrics("bigquery");
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final WriterHealth health = new WriterHealth(clock);
  private final List<TrackedMessage> sent = new ArrayList<>();

  /** Readiness as seen at each wait between tries of a failing batch. */
  private final List<Boolean> healthyWhileWaiting =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private RowStreamer sink;

  RowStreamerTest() throws Exception {
    fake = new FakeBigQueryServer();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    fake.close();
  }

  private RowStreamer sink(WriteInvoker invoker, int maxRows, long maxRowBytes) {
    BigQuery client =
        GoogleClients.bigQuery(
            GoogleClientOptions.of(
                Optional.of(PROJECT), Optional.of(fake.host()), Duration.ofSeconds(5)));
    BigQueryRowWriter writer =
        new BigQueryRowWriter(
            client, client, TableId.of(PROJECT, "dataflow", "telemetry"), "US", true);
    DefaultRowTransformer transformer = new DefaultRowTransformer();
    RowBatchWriter rows =
        new RowBatchWriter(
            writer,
            transformer.schema(),
            invoker,
            health,
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            wait -> {
              clock.advance(wait);
              healthyWhileWaiting.add(health.healthy(Duration.ofSeconds(60)));
            },
            clock);
    assertThat(rows.prepare()).isTrue();
    Settlement settlement = new Settlement("bigquery", deadLetters, stage, clock);
    KeyedBatcher<String, Row, ListBuffer<Row>> batcher =
        KeyedBatcher.builder(rows)
            .limits(new BatchLimits(maxRows, 9_000_000, Duration.ofSeconds(5), Duration.ZERO))
            .bounds(new BatcherBounds(5_000, 64_000_000, 1, 4))
            .settlement(settlement)
            .executor(pool)
            .clock(clock)
            .build();
    sink = new RowStreamer(transformer, batcher, settlement, stage, maxRowBytes, "telemetry");
    return sink;
  }

  private void send(int n) {
    for (int i = 0; i < n; i++) {
      deliver(TrackedMessage.of("m" + i, "dev-" + (i % 3)));
    }
  }

  private void deliver(TrackedMessage m) {
    sent.add(m);
    sink.accept(m);
  }

  private void drain() throws InterruptedException {
    sink.batcher().flushAll();
    assertThat(sink.batcher().awaitDrained(Duration.ofSeconds(30))).isTrue();
  }

  /** Insert ids of the requests BigQuery accepted, in order (repeats included). */
  private List<String> acceptedInsertIds() {
    return fake.inserts().stream()
        .filter(c -> c.status() == 200)
        .flatMap(c -> c.insertIds().stream())
        .toList();
  }

  @Test
  void scriptedRowErrorsDeadLetterOnlyThoseRowsAndTheRestAreWrittenOnce() throws Exception {
    sink(WriteInvoker.ONCE, 5, 9_000_000);
    fake.rejectRow("m3", "invalid");
    fake.rejectRow("m7", "invalid");
    send(10);
    drain();

    assertThat(deadLetters.sent())
        .extracting(d -> d.envelope().id() + "/" + d.reason())
        .containsExactlyInAnyOrder("m3/invalid", "m7/invalid");
    assertThat(deadLetters.sent())
        .allSatisfy(d -> assertThat(d.error()).contains("scripted invalid"));
    assertThat(fake.rows()).containsOnlyKeys("m0", "m1", "m2", "m4", "m5", "m6", "m8", "m9");
    assertThat(acceptedInsertIds()).doesNotHaveDuplicates().hasSize(10);
    assertThat(sent)
        .allSatisfy(
            m -> {
              assertThat(m.acks()).isEqualTo(1);
              assertThat(m.nacks()).isZero();
            });
  }

  @Test
  void anOutageIsWaitedOutWithTheBatchPendingNeverNackedNorDeadLettered() throws Exception {
    sink(WriteInvoker.ONCE, 5, 9_000_000);
    fake.failNextInserts(503, 12);
    send(20);
    drain();

    Set<String> all = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      all.add("m" + i);
    }
    assertThat(fake.rows().keySet()).isEqualTo(all);
    assertThat(acceptedInsertIds()).doesNotHaveDuplicates().hasSize(20);
    assertThat(fake.inserts()).filteredOn(c -> c.status() == 503).hasSize(12);
    assertThat(deadLetters.sent()).isEmpty();
    assertThat(sent)
        .allSatisfy(
            m -> {
              assertThat(m.acks()).isEqualTo(1);
              assertThat(m.nacks()).isZero();
            });
  }

  @Test
  void aBatchThatFailsBecauseOfOneRowIsSplitUntilOnlyThatRowIsDeadLettered() throws Exception {
    // Stands in for a store that refuses the whole request for one row's value, as H2 does when
    // a value cannot be converted.
    WriteInvoker refusingM6 =
        (writer, rows) -> {
          if (rows.stream().anyMatch(r -> r.insertId().equals("m6"))) {
            throw new java.sql.SQLDataException("value out of range", "22003");
          }
          return writer.write(rows);
        };
    sink(refusingM6, 10, 9_000_000);
    send(10);
    drain();

    assertThat(deadLetters.sent())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.envelope().id()).isEqualTo("m6");
              assertThat(d.reason()).isEqualTo("invalid");
              assertThat(d.error()).contains("value out of range");
            });
    assertThat(fake.rows()).hasSize(9).doesNotContainKey("m6");
    assertThat(acceptedInsertIds()).doesNotHaveDuplicates().hasSize(9);
    assertThat(sent).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
  }

  @Test
  void aFailureOfTheDestinationItselfIsRetriedNotSplitNorDeadLettered() throws Exception {
    sink(WriteInvoker.ONCE, 5, 9_000_000);
    fake.failNextInserts(404, 3);
    send(5);
    drain();

    assertThat(deadLetters.sent()).isEmpty();
    assertThat(fake.rows()).hasSize(5);
    assertThat(fake.inserts()).filteredOn(c -> c.status() == 404).hasSize(3);
  }

  @Test
  void serviceUnavailableThenSuccessThroughRetryLosesAndDuplicatesNothing() throws Exception {
    // Stands in for @Retry(retryOn = TransientWriteException.class), which needs the container.
    WriteInvoker retrying =
        (writer, rows) -> {
          for (int attempt = 1; ; attempt++) {
            try {
              return writer.write(rows);
            } catch (TransientWriteException e) {
              if (attempt == 4) {
                throw e;
              }
            }
          }
        };
    sink(retrying, 5, 9_000_000);
    fake.failNextInserts(503, 3);
    send(20);
    drain();

    assertThat(fake.rows()).hasSize(20);
    assertThat(acceptedInsertIds()).doesNotHaveDuplicates().hasSize(20);
    assertThat(sent).allSatisfy(m -> assertThat(m.acks()).isEqualTo(1));
    assertThat(health.failingFor()).isEmpty();
  }

  @Test
  void anOversizedRowIsDeadLetteredAndNeverSent() throws Exception {
    sink(WriteInvoker.ONCE, 5, 2_000);
    Envelope big = TrackedMessage.of("big", "dev-1").getPayload().withId("big");
    TrackedMessage large =
        new TrackedMessage(
            new Envelope(
                big.version(),
                "big",
                big.deviceId(),
                big.eventTime(),
                big.receivedAt(),
                big.source(),
                big.attributes(),
                Payload.json("{\"blob\":\"" + "x".repeat(5_000) + "\"}"),
                big.enrichment()));
    deliver(large);
    send(2);
    drain();

    assertThat(deadLetters.sent())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("oversize");
              assertThat(d.envelope().id()).isEqualTo("big");
            });
    assertThat(large.acks()).isEqualTo(1);
    assertThat(acceptedInsertIds()).containsExactly("m0", "m1");
  }

  @Test
  void shutdownWritesTheOpenBatchThenRefusesMore() throws Exception {
    sink(WriteInvoker.ONCE, 500, 9_000_000);
    send(3);
    assertThat(fake.inserts()).isEmpty();
    assertThat(sink.batcher().shutdown(Duration.ofSeconds(30))).isTrue();
    assertThat(fake.rows()).containsOnlyKeys("m0", "m1", "m2");
    TrackedMessage late = TrackedMessage.of("late", "dev-1");
    deliver(late);
    assertThat(late.nacks()).isEqualTo(1);
  }

  @Test
  void aFailingWriterIsReportedUnhealthyAfterTheLimitAndHealthyOnceItWrites() throws Exception {
    sink(WriteInvoker.ONCE, 1, 9_000_000);
    // 1 + 2 + 4 + 8 + 16 + 32 + 60 s of waits: past the 60 s limit before the 8th try succeeds.
    fake.failNextInserts(503, 7);
    send(1);
    drain();

    assertThat(healthyWhileWaiting).hasSize(7).startsWith(true).endsWith(false);
    assertThat(health.healthy(Duration.ofSeconds(60))).isTrue();
    assertThat(fake.rows()).containsOnlyKeys("m0");
    assertThat(deadLetters.sent()).isEmpty();
  }
}
