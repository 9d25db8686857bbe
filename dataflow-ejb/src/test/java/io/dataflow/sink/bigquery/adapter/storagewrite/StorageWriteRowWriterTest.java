package io.dataflow.sink.bigquery.adapter.storagewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.BigQueryConfig;
import io.dataflow.sink.bigquery.BigQuerySettings;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer.Fault;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer.StoredRow;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TransientWriteException;
import io.dataflow.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Storage Write API writer with the real client library against {@link FakeBigQueryWriteServer}
 * (gRPC) and {@link FakeBigQueryServer} (REST, dataset and table).
 */
class StorageWriteRowWriterTest {
  private static final String PROJECT = "test-project";
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(2);

  private final FakeBigQueryServer rest;
  private final FakeBigQueryWriteServer grpc;
  private final DefaultRowTransformer transformer = new DefaultRowTransformer();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final List<StorageWriteRowWriter> writers = new ArrayList<>();
  @TempDir Path data;

  StorageWriteRowWriterTest() throws Exception {
    rest = new FakeBigQueryServer();
    grpc = new FakeBigQueryWriteServer();
  }

  @AfterEach
  void stop() {
    writers.forEach(StorageWriteRowWriter::close);
    grpc.close();
    rest.close();
  }

  private StorageWriteRowWriter writer(String mode, long streamMaxRows, Duration streamMaxAge)
      throws Exception {
    StorageWriteRowWriter w = unprepared(mode, streamMaxRows, streamMaxAge);
    w.prepare(transformer.schema());
    return w;
  }

  private StorageWriteRowWriter committed() throws Exception {
    return writer(BigQuerySettings.COMMITTED, 10_000_000, Duration.ofHours(1));
  }

  private StorageWriteRowWriter unprepared(String mode, long streamMaxRows, Duration streamMaxAge) {
    return unprepared(mode, streamMaxRows, streamMaxAge, SchemaUpdate.ADD_COLUMNS);
  }

  private StorageWriteRowWriter unprepared(
      String mode, long streamMaxRows, Duration streamMaxAge, SchemaUpdate schemaUpdate) {
    BigQueryConfig.Cloud cloud =
        new BigQueryConfig.Cloud(
            Optional.of(PROJECT),
            Optional.of(rest.host()),
            "dataflow",
            // The client keeps one connection pool per location in the JVM: one per fake.
            "loc-" + grpc.host().replace(':', '-'),
            true,
            APPEND_TIMEOUT,
            Duration.ofSeconds(5),
            new BigQueryConfig.StorageWrite(
                mode,
                Optional.of(grpc.host()),
                streamMaxRows,
                streamMaxAge,
                Duration.ofMinutes(15)));
    StorageWriteRowWriter w =
        StorageWriteRowWriter.create(
            "telemetry", cloud, data, StorageWriteMetrics.unregistered(mode), clock, schemaUpdate);
    writers.add(w);
    return w;
  }

  private List<Row> rows(String prefix, int n) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(transformer.toRow(TrackedMessage.of(prefix + i, "dev-" + i).getPayload()));
    }
    return rows;
  }

  /** The sink's patience: the same rows again until the write succeeds. */
  private static WriteResult untilWritten(StorageWriteRowWriter w, List<Row> rows)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return w.write(rows);
      } catch (TransientWriteException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }

  private Map<String, Integer> duplicates() {
    return grpc.rowsPerMessageId().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Test
  void createsTheTableOverRestAndAppendsEachBatchAtTheNextOffsetOfOneCommittedStream()
      throws Exception {
    StorageWriteRowWriter w = committed();
    for (int b = 0; b < 3; b++) {
      assertThat(w.write(rows("b" + b + "-", 10)).failures()).isEmpty();
    }

    assertThat(rest.table(PROJECT, "dataflow", "telemetry")).isPresent();
    List<StoredRow> stored = grpc.rows();
    assertThat(stored).hasSize(30);
    assertThat(stored).extracting(StoredRow::stream).containsOnly(stored.get(0).stream());
    assertThat(stored).extracting(StoredRow::offset).containsExactlyElementsOf(range(0, 30));
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void twoWritesOfTheSameMessagesAtTheSameMomentStoreEachRowOnce() throws Exception {
    // After a restart the bus can hold a message twice (its journal's replay and the broker's
    // redelivery, with the same content id), and two sink workers can write the copies at once.
    StorageWriteRowWriter w = committed();
    java.util.concurrent.ExecutorService workers =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        List<Row> batch = rows("r" + round + "-", 50);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<WriteResult> write =
            () -> {
              together.await();
              return untilWritten(w, batch);
            };
        var a = workers.submit(write);
        var b = workers.submit(write);
        assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS).failures()).isEmpty();
        assertThat(b.get(30, java.util.concurrent.TimeUnit.SECONDS).failures()).isEmpty();
      }
    } finally {
      workers.shutdownNow();
    }

    assertThat(grpc.rowsPerMessageId()).hasSize(20 * 50);
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void aMessageTwiceInOneBatchIsStoredOnce() throws Exception {
    StorageWriteRowWriter w = committed();
    List<Row> batch = new ArrayList<>(rows("twice-", 5));
    batch.addAll(rows("twice-", 5));

    assertThat(w.write(batch).failures()).isEmpty();

    assertThat(grpc.rowsPerMessageId())
        .hasSize(5)
        .containsOnlyKeys(grpc.rowsPerMessageId().keySet());
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void theRowsCarryTheTransformersValuesTimestampsAsMicroseconds() throws Exception {
    StorageWriteRowWriter w = committed();
    Row row = rows("v", 1).get(0);
    w.write(List.of(row));

    Map<String, Object> v = grpc.rows().get(0).values();
    assertThat(v).containsEntry("message_id", "v0").containsEntry("device_id", "dev-0");
    assertThat(v.get("event_time"))
        .isEqualTo(Instant.parse("2026-11-25T11:59:00Z").toEpochMilli() * 1000);
    assertThat(v.get("payload")).isEqualTo("{\"temp\":21.5}");
  }

  @Test
  void aStreamThatBreaksBeforeTheAppendIsResentByTheClientAndWrittenOnce() throws Exception {
    StorageWriteRowWriter w = committed();
    grpc.inject(Fault.BREAK_BEFORE_APPLY);

    assertThat(untilWritten(w, rows("r", 10)).failures()).isEmpty();

    assertThat(grpc.rows()).hasSize(10);
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void aDeadlineExceededAfterTheAppendLandedIsSettledByAlreadyExistsWithoutADuplicate()
      throws Exception {
    StorageWriteRowWriter w = committed();
    grpc.inject(Fault.DEADLINE_AFTER_APPLY);

    assertThat(untilWritten(w, rows("d", 10)).failures()).isEmpty();
    w.write(rows("next", 5));

    assertThat(grpc.appendRequests()).isGreaterThanOrEqualTo(3); // the append, its resend, next
    assertThat(grpc.rows()).hasSize(15);
    assertThat(grpc.rows()).extracting(StoredRow::offset).containsExactlyElementsOf(range(0, 15));
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void anAppendWhoseAnswerIsLostIsRetriedAtTheSameOffsetAndWrittenOnce() throws Exception {
    StorageWriteRowWriter w = committed();
    List<Row> batch = rows("lost", 10);
    grpc.inject(Fault.SILENT_AFTER_APPLY);

    assertThatThrownBy(() -> w.write(batch)).isInstanceOf(TransientWriteException.class);
    assertThat(w.write(batch).failures()).isEmpty();
    w.write(rows("after", 5));

    List<StoredRow> stored = grpc.rows();
    assertThat(stored).hasSize(15);
    assertThat(stored).extracting(StoredRow::stream).containsOnly(stored.get(0).stream());
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void quotaExhaustedAndUnavailableAreTransientAndTheRetryWritesEachRowOnce() throws Exception {
    StorageWriteRowWriter w = committed();
    List<Row> batch = rows("q", 10);
    grpc.inject(Fault.RESOURCE_EXHAUSTED, Fault.UNAVAILABLE);

    assertThatThrownBy(() -> w.write(batch))
        .isInstanceOf(TransientWriteException.class)
        .satisfies(e -> assertThat(InsertRetryPolicy.isTransient(e)).isTrue())
        .satisfies(e -> assertThat(InsertRetryPolicy.isRecordFailure(e)).isFalse());
    assertThatThrownBy(() -> w.write(batch)).isInstanceOf(TransientWriteException.class);
    assertThat(w.write(batch).failures()).isEmpty();

    assertThat(grpc.rows()).hasSize(10);
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void rowErrorsDeadLetterOnlyTheirRowsWithBigQuerysMessage() throws Exception {
    StorageWriteRowWriter w = committed();
    grpc.rejectRow("bad3", "Field payload: value too long");
    grpc.rejectRow("bad7", "Field device_id: invalid");

    WriteResult result = w.write(rows("bad", 10));

    assertThat(result.failures())
        .extracting(WriteResult.RecordFailure::index, WriteResult.RecordFailure::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(3, "invalid"),
            org.assertj.core.groups.Tuple.tuple(7, "invalid"));
    assertThat(result.failures())
        .extracting(WriteResult.RecordFailure::error)
        .contains("Field payload: value too long");
    assertThat(grpc.rowsPerMessageId().keySet())
        .containsExactlyInAnyOrder("bad0", "bad1", "bad2", "bad4", "bad5", "bad6", "bad8", "bad9");
    assertThat(grpc.rows()).extracting(StoredRow::offset).containsExactlyElementsOf(range(0, 8));
  }

  @Test
  void aValueThatDoesNotFitItsColumnIsRejectedAloneAsSchemaMismatch() throws Exception {
    StorageWriteRowWriter w = committed();
    List<Row> batch = new ArrayList<>(rows("s", 3));
    Map<String, Object> values = new LinkedHashMap<>(batch.get(1).values());
    values.put("event_time", "yesterday");
    batch.set(1, Row.of("s1", values));

    WriteResult result = w.write(batch);

    assertThat(result.failures()).hasSize(1);
    assertThat(result.failures().get(0).index()).isEqualTo(1);
    assertThat(result.failures().get(0).reason()).isEqualTo("schema-mismatch");
    assertThat(result.failures().get(0).error()).contains("event_time");
    assertThat(grpc.rowsPerMessageId().keySet()).containsExactly("s0", "s2");
  }

  @Test
  void aTableWhoseColumnsDifferFailsTheWriteAsSchemaMismatchNotAsARowsFault() throws Exception {
    StorageWriteRowWriter w = committed();
    grpc.inject(Fault.SCHEMA_MISMATCH);

    assertThatThrownBy(() -> w.write(rows("m", 4)))
        .isInstanceOfSatisfying(
            AppendFailure.class,
            f -> assertThat(f.kind()).isEqualTo(AppendFailure.Kind.SCHEMA_MISMATCH))
        .hasMessageContaining("do not match the writer schema")
        .satisfies(e -> assertThat(InsertRetryPolicy.isRecordFailure(e)).isFalse())
        .satisfies(e -> assertThat(InsertRetryPolicy.isTransient(e)).isFalse());
    assertThat(grpc.rows()).isEmpty();
  }

  @Test
  void missingPermissionFailsThePrepareAtOnceNamingTheIamRole() {
    grpc.denyPermission(true);
    StorageWriteRowWriter w = unprepared(BigQuerySettings.COMMITTED, 100, Duration.ofHours(1));
    long start = System.nanoTime();

    assertThatThrownBy(() -> w.prepare(transformer.schema()))
        .hasMessageContaining("roles/bigquery.dataEditor")
        .hasMessageContaining("PERMISSION_DENIED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aStreamIsFinalizedAndReplacedOnceItHoldsStreamMaxRows() throws Exception {
    StorageWriteRowWriter w = writer(BigQuerySettings.COMMITTED, 25, Duration.ofHours(1));
    for (int b = 0; b < 4; b++) {
      w.write(rows("z" + b + "-", 10));
    }

    assertThat(grpc.finalizedStreams()).hasSize(1);
    Map<String, Long> perStream =
        grpc.rows().stream()
            .collect(Collectors.groupingBy(StoredRow::stream, Collectors.counting()));
    assertThat(perStream.get(grpc.finalizedStreams().get(0))).isEqualTo(30);
    assertThat(grpc.rows()).hasSize(40);
    assertThat(w.openStreams()).isEqualTo(1);
  }

  @Test
  void aStreamIsFinalizedAndReplacedOnceItIsStreamMaxAgeOld() throws Exception {
    StorageWriteRowWriter w = writer(BigQuerySettings.COMMITTED, 1_000_000, Duration.ofMinutes(10));
    w.write(rows("a", 5));
    clock.advance(Duration.ofMinutes(11));
    w.write(rows("b", 5));

    assertThat(grpc.finalizedStreams()).hasSize(1);
    Map<String, Long> perStream =
        grpc.rows().stream()
            .collect(Collectors.groupingBy(StoredRow::stream, Collectors.counting()));
    assertThat(perStream).hasSize(2).containsEntry(grpc.finalizedStreams().get(0), 5L);
  }

  @Test
  void closeFinalizesTheStreams() throws Exception {
    StorageWriteRowWriter w = committed();
    w.write(rows("c", 5));
    w.close();

    assertThat(grpc.finalizedStreams()).hasSize(1);
  }

  @Test
  void aKillWithAnAppendInDoubtThenRedeliveryLeavesEveryRowExactlyOnce() throws Exception {
    StorageWriteRowWriter first = committed();
    List<Row> a = rows("a", 10);
    List<Row> b = rows("b", 10);
    first.write(a);
    grpc.inject(Fault.SILENT_AFTER_APPLY); // b lands, its answer never comes
    assertThatThrownBy(() -> first.write(b)).isInstanceOf(TransientWriteException.class);
    // kill -9: no close, no finalize; the bus redelivers a and b (their acks were not durable).
    writers.remove(first);

    StorageWriteRowWriter second = committed();
    StorageWriteMetrics metrics = metricsOf(second);
    assertThat(second.write(a).failures()).isEmpty();
    assertThat(second.write(b).failures()).isEmpty();
    second.write(rows("c", 10));

    assertThat(grpc.rows()).hasSize(30);
    assertThat(duplicates()).isEmpty();
    assertThat(metrics.alreadyWrittenRows()).isEqualTo(20);
  }

  @Test
  void aKillBeforeTheAppendLandedThenRedeliveryWritesTheRowsOnce() throws Exception {
    StorageWriteRowWriter first = committed();
    List<Row> a = rows("a", 10);
    grpc.inject(Fault.SILENT_BEFORE_APPLY); // in the ledger, never applied
    assertThatThrownBy(() -> first.write(a)).isInstanceOf(TransientWriteException.class);
    writers.remove(first);

    StorageWriteRowWriter second = committed();
    assertThat(second.write(a).failures()).isEmpty();

    assertThat(grpc.rowsPerMessageId()).hasSize(10).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void messagesRedeliveredAfterAGracefulRestartAreNotAppendedAgain() throws Exception {
    StorageWriteRowWriter first = committed();
    List<Row> a = rows("a", 10);
    first.write(a);
    first.close();

    StorageWriteRowWriter second = committed();
    second.write(a);

    assertThat(grpc.rows()).hasSize(10);
  }

  @Test
  void underMixedFaultsOnlyBadRowsAreRejectedAndNoRowIsMissingOrDuplicated() throws Exception {
    StorageWriteRowWriter w = committed();
    grpc.rejectRow("mix2-5", "Field payload: invalid");
    grpc.inject(
        Fault.BREAK_BEFORE_APPLY,
        Fault.DEADLINE_AFTER_APPLY,
        Fault.RESOURCE_EXHAUSTED,
        Fault.SILENT_AFTER_APPLY,
        Fault.UNAVAILABLE);
    List<WriteResult.RecordFailure> rejected = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      rejected.addAll(untilWritten(w, rows("mix" + b + "-", 20)).failures());
    }

    assertThat(rejected).extracting(WriteResult.RecordFailure::index).containsExactly(5);
    assertThat(grpc.rows()).hasSize(6 * 20 - 1);
    assertThat(duplicates()).isEmpty();
  }

  @Test
  void defaultModeAppendsToTheDefaultStreamWithoutOffsets() throws Exception {
    StorageWriteRowWriter w = writer(BigQuerySettings.DEFAULT_STREAM, 1, Duration.ofHours(1));
    w.write(rows("d", 10));
    w.write(rows("e", 10));

    assertThat(grpc.rows()).hasSize(20);
    assertThat(grpc.rows())
        .extracting(StoredRow::stream)
        .containsOnly("projects/test-project/datasets/dataflow/tables/telemetry/_default");
    assertThat(grpc.streamsCreated()).isZero();
  }

  @Test
  void defaultModeRowErrorsRejectOnlyTheirRows() throws Exception {
    StorageWriteRowWriter w = writer(BigQuerySettings.DEFAULT_STREAM, 1, Duration.ofHours(1));
    grpc.rejectRow("d4", "Field x: invalid");

    WriteResult result = w.write(rows("d", 10));

    assertThat(result.failures()).extracting(WriteResult.RecordFailure::index).containsExactly(4);
    assertThat(grpc.rows()).hasSize(9);
  }

  @Test
  void defaultModeRetriesTransientFailuresAndLosesNothing() throws Exception {
    StorageWriteRowWriter w = writer(BigQuerySettings.DEFAULT_STREAM, 1, Duration.ofHours(1));
    grpc.inject(Fault.RESOURCE_EXHAUSTED, Fault.BREAK_BEFORE_APPLY);

    assertThat(untilWritten(w, rows("t", 10)).failures()).isEmpty();

    assertThat(grpc.rowsPerMessageId()).hasSize(10);
  }

  private static StorageWriteMetrics metricsOf(StorageWriteRowWriter w) {
    return w.metrics();
  }

  private static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long i = from; i < to; i++) {
      r.add(i);
    }
    return r;
  }
}
