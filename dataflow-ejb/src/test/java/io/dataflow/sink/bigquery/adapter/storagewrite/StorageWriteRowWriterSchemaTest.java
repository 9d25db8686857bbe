package io.dataflow.sink.bigquery.adapter.storagewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.bigquery.BigQueryConfig;
import io.dataflow.sink.bigquery.BigQuerySettings;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer.StoredRow;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.SchemaMismatchException;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TypedRows;
import io.dataflow.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Typed columns and schema evolution of the Storage Write API writer: the real client against
 * {@link FakeBigQueryWriteServer} (gRPC, decodes rows with each connection's writer schema) and
 * {@link FakeBigQueryServer} (REST: the table and its schema patches).
 */
class StorageWriteRowWriterSchemaTest {
  private static final String PROJECT = "test-project";

  private final FakeBigQueryServer rest;
  private final FakeBigQueryWriteServer grpc;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final List<StorageWriteRowWriter> writers = new ArrayList<>();
  @TempDir Path data;

  StorageWriteRowWriterSchemaTest() throws Exception {
    rest = new FakeBigQueryServer();
    grpc = new FakeBigQueryWriteServer();
  }

  @AfterEach
  void stop() {
    writers.forEach(StorageWriteRowWriter::close);
    grpc.close();
    rest.close();
  }

  /** A new writer instance on the same fakes and ledger directory, as after a restart. */
  private StorageWriteRowWriter writer(String mode, DefaultRowTransformer t, SchemaUpdate policy)
      throws Exception {
    BigQueryConfig.Cloud cloud =
        new BigQueryConfig.Cloud(
            Optional.of(PROJECT),
            Optional.of(rest.host()),
            "dataflow",
            "loc-" + grpc.host().replace(':', '-'),
            true,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            new BigQueryConfig.StorageWrite(
                mode,
                Optional.of(grpc.host()),
                10_000_000,
                Duration.ofHours(1),
                Duration.ofMinutes(15)));
    StorageWriteRowWriter w =
        StorageWriteRowWriter.create(
            "telemetry", cloud, data, StorageWriteMetrics.unregistered(mode), clock, policy);
    writers.add(w);
    w.prepare(t.schema());
    return w;
  }

  private static Map<String, Object> row(List<StoredRow> rows, String messageId) {
    return rows.stream()
        .filter(r -> r.messageId().equals(messageId))
        .findFirst()
        .orElseThrow()
        .values();
  }

  @Test
  void typedColumnsAreAppendedWithTheirProtoTypes() throws Exception {
    DefaultRowTransformer t = TypedRows.transformer(TypedRows.MAPPING);
    StorageWriteRowWriter w = writer(BigQuerySettings.COMMITTED, t, SchemaUpdate.ADD_COLUMNS);
    List<Row> rows = new ArrayList<>(TypedRows.rows(t, "good", 1, TypedRows.GOOD));
    rows.addAll(TypedRows.rows(t, "bad", 1, TypedRows.BAD_BATTERY));
    assertThat(w.write(rows).failures()).isEmpty();

    assertThat(rest.columns(PROJECT, "dataflow", "telemetry"))
        .containsEntry("payload", "JSON")
        .containsEntry("battery", "INTEGER")
        .containsEntry("conversion_errors", "JSON");
    Map<String, Object> good = row(grpc.rows(), "good0");
    assertThat(good)
        .containsEntry("temperature", 21.5)
        .containsEntry("battery", 87L)
        .containsEntry("ok", true)
        .containsEntry("seen", Instant.parse("2026-11-25T11:58:00Z").toEpochMilli() * 1000)
        .doesNotContainKey("conversion_errors");
    Map<String, Object> bad = row(grpc.rows(), "bad0");
    assertThat(bad).doesNotContainKey("battery").containsEntry("ok", false);
    assertThat((String) bad.get("conversion_errors")).contains("\"battery\":\"expected an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {BigQuerySettings.COMMITTED, BigQuerySettings.DEFAULT_STREAM})
  void aColumnAddedAtRestartIsInTheNewRowsAndNullInTheOldOnes(String mode) throws Exception {
    DefaultRowTransformer before = TypedRows.transformer("");
    StorageWriteRowWriter old = writer(mode, before, SchemaUpdate.ADD_COLUMNS);
    assertThat(old.write(TypedRows.rows(before, "old", 3, TypedRows.GOOD)).failures()).isEmpty();
    old.close();

    DefaultRowTransformer after = TypedRows.transformer("battery INT64");
    StorageWriteRowWriter restarted = writer(mode, after, SchemaUpdate.ADD_COLUMNS);
    assertThat(restarted.write(TypedRows.rows(after, "new", 3, TypedRows.GOOD)).failures())
        .isEmpty();

    assertThat(rest.tablePatches()).containsExactly(PROJECT + ":dataflow.telemetry");
    assertThat(rest.columns(PROJECT, "dataflow", "telemetry"))
        .containsEntry("battery", "INTEGER")
        .containsEntry("conversion_errors", "JSON");
    List<StoredRow> stored = grpc.rows();
    assertThat(stored).hasSize(6);
    for (int i = 0; i < 3; i++) {
      assertThat(row(stored, "old" + i)).doesNotContainKey("battery");
      assertThat(row(stored, "new" + i)).containsEntry("battery", 87L);
    }
    assertThat(grpc.rowsPerMessageId().values()).containsOnly(1);
  }

  @Test
  void theSameWriterPreparedWithAWiderSchemaAppendsOnANewStreamWithTheNewDescriptor()
      throws Exception {
    DefaultRowTransformer before = TypedRows.transformer("battery INT64");
    StorageWriteRowWriter w = writer(BigQuerySettings.COMMITTED, before, SchemaUpdate.ADD_COLUMNS);
    w.write(TypedRows.rows(before, "a", 2, TypedRows.GOOD));
    int streams = grpc.streamsCreated();

    DefaultRowTransformer after = TypedRows.transformer("battery INT64, ok BOOL");
    w.prepare(after.schema());
    assertThat(w.write(TypedRows.rows(after, "b", 2, TypedRows.GOOD)).failures()).isEmpty();

    assertThat(grpc.streamsCreated()).isGreaterThan(streams);
    List<StoredRow> stored = grpc.rows();
    assertThat(row(stored, "a0")).containsEntry("battery", 87L).doesNotContainKey("ok");
    assertThat(row(stored, "b0")).containsEntry("battery", 87L).containsEntry("ok", true);
    assertThat(row(stored, "b0").get("payload")).isEqualTo(TypedRows.GOOD);
  }

  @Test
  void withNoneAMissingColumnFailsThePrepareNamingItBeforeAnyStreamIsOpened() throws Exception {
    writer(BigQuerySettings.COMMITTED, TypedRows.transformer(""), SchemaUpdate.NONE).close();
    int streams = grpc.streamsCreated();

    assertThatThrownBy(
            () ->
                writer(
                    BigQuerySettings.COMMITTED,
                    TypedRows.transformer("temperature FLOAT64"),
                    SchemaUpdate.NONE))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(
            "lacks columns of the row schema: temperature FLOAT64," + " conversion_errors JSON");
    assertThat(grpc.streamsCreated()).isEqualTo(streams);
    assertThat(rest.tablePatches()).isEmpty();
  }

  @Test
  void afterASchemaMismatchTheRowsGoToANewStreamWhichHasTheTablesCurrentColumns() throws Exception {
    DefaultRowTransformer t = TypedRows.transformer("battery INT64");
    StorageWriteRowWriter w = writer(BigQuerySettings.COMMITTED, t, SchemaUpdate.ADD_COLUMNS);
    w.write(TypedRows.rows(t, "a", 2, TypedRows.GOOD));
    String first = grpc.rows().get(0).stream();
    grpc.inject(FakeBigQueryWriteServer.Fault.SCHEMA_MISMATCH);
    List<Row> batch = TypedRows.rows(t, "b", 3, TypedRows.GOOD);

    assertThatThrownBy(() -> w.write(batch))
        .isInstanceOfSatisfying(
            AppendFailure.class,
            f -> assertThat(f.kind()).isEqualTo(AppendFailure.Kind.SCHEMA_MISMATCH));
    assertThat(grpc.finalizedStreams()).contains(first);
    assertThat(w.write(batch).failures()).isEmpty();

    List<StoredRow> stored = grpc.rows();
    assertThat(stored).hasSize(5);
    assertThat(stored.stream().filter(r -> r.messageId().startsWith("b")))
        .extracting(StoredRow::stream)
        .doesNotContain(first);
    assertThat(grpc.rowsPerMessageId().values()).containsOnly(1);
  }
}
