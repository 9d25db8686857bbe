package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.adapter.BigQueryRowWriter;
import io.dataflow.sink.bigquery.adapter.H2RowWriter;
import io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteMetrics;
import io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteRowWriter;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.MapConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage's choice of writer from {@code dataflow.bigquery.writer}, with the settings passed
 * through: each writer is prepared and written to against the real thing or its fake.
 */
class BigQueryStageWriterTest {
  @TempDir Path data;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private final Function<String, Path> directories =
      child -> {
        try {
          return Files.createDirectories(data.resolve(child));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };

  private RowWriter writer(MapConfig config) {
    RowWriter w =
        BigQueryStage.createWriter(
            BigQueryConfig.read(config), directories, StorageWriteMetrics::unregistered, clock);
    open.add(w);
    return w;
  }

  @Test
  void storageWriteSelectsTheStorageWriteWriterInTheConfiguredModeAndItsRowsArriveOverGrpc()
      throws Exception {
    FakeBigQueryServer rest = new FakeBigQueryServer();
    FakeBigQueryWriteServer grpc = new FakeBigQueryWriteServer();
    open.add(rest);
    open.add(grpc);
    RowWriter w =
        writer(
            MapConfig.of(
                "dataflow.bigquery.writer",
                "storage-write",
                "dataflow.bigquery.project",
                "p",
                "dataflow.bigquery.host",
                rest.host(),
                "dataflow.bigquery.storage-host",
                grpc.host(),
                "dataflow.bigquery.dataset-location",
                "loc-" + grpc.host().replace(':', '-')));

    assertThat(w).isInstanceOf(StorageWriteRowWriter.class);
    assertThat(w.destination()).isEqualTo("bigquery-storage-write(committed):p.dataflow.telemetry");
    DefaultRowTransformer t = TypedRows.transformer("battery INT64");
    w.prepare(t.schema());
    assertThat(w.write(TypedRows.rows(t, "m", 3, TypedRows.GOOD))).isEqualTo(WriteResult.success());
    assertThat(grpc.rows()).hasSize(3);
    assertThat(grpc.streamsCreated()).isEqualTo(1);
    assertThat(rest.columns("p", "dataflow", "telemetry")).containsEntry("battery", "INTEGER");
    assertThat(data.resolve(BigQueryStage.LEDGER_DIRECTORY).resolve("p.dataflow.telemetry"))
        .isDirectory();
  }

  @Test
  void storageWriteInDefaultModeUsesTheDefaultStream() throws Exception {
    FakeBigQueryServer rest = new FakeBigQueryServer();
    FakeBigQueryWriteServer grpc = new FakeBigQueryWriteServer();
    open.add(rest);
    open.add(grpc);
    RowWriter w =
        writer(
            MapConfig.of(
                "dataflow.bigquery.writer",
                "storage-write",
                "dataflow.bigquery.write-mode",
                "default",
                "dataflow.bigquery.project",
                "p",
                "dataflow.bigquery.host",
                rest.host(),
                "dataflow.bigquery.storage-host",
                grpc.host(),
                "dataflow.bigquery.dataset-location",
                "loc-" + grpc.host().replace(':', '-')));

    assertThat(w.destination()).isEqualTo("bigquery-storage-write(default):p.dataflow.telemetry");
    DefaultRowTransformer t = TypedRows.transformer("");
    w.prepare(t.schema());
    assertThat(w.write(TypedRows.rows(t, "m", 2, TypedRows.GOOD))).isEqualTo(WriteResult.success());
    assertThat(grpc.rows()).extracting(r -> r.stream()).allMatch(s -> s.endsWith("/_default"));
    assertThat(grpc.streamsCreated()).isZero();
  }

  @Test
  void bigquerySelectsTheInsertAllWriter() throws Exception {
    FakeBigQueryServer rest = new FakeBigQueryServer();
    open.add(rest);
    RowWriter w =
        writer(
            MapConfig.of(
                "dataflow.bigquery.writer", "bigquery",
                "dataflow.bigquery.project", "p",
                "dataflow.bigquery.host", rest.host()));

    assertThat(w).isInstanceOf(BigQueryRowWriter.class);
    DefaultRowTransformer t = TypedRows.transformer("");
    w.prepare(t.schema());
    w.write(TypedRows.rows(t, "m", 2, TypedRows.GOOD));
    assertThat(rest.rows()).containsOnlyKeys("m0", "m1");
  }

  @Test
  void theDefaultIsTheEmbeddedStoreAndTheSchemaUpdatePolicyReachesIt() throws Exception {
    RowWriter first = writer(MapConfig.of());
    assertThat(first).isInstanceOf(H2RowWriter.class);
    first.prepare(TypedRows.transformer("").schema());
    first.close();
    open.remove(first);
    assertThat(data.resolve(BigQueryStage.WAREHOUSE_DIRECTORY).resolve("dataflow.mv.db")).exists();

    RowWriter strict = writer(MapConfig.of("dataflow.bigquery.schema-update", "none"));
    assertThatThrownBy(() -> strict.prepare(TypedRows.transformer("battery INT64").schema()))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("battery BIGINT");
  }
}
