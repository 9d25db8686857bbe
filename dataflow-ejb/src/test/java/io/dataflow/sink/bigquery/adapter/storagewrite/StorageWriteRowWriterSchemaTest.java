package io.dataflow.sink.bigquery.adapter.storagewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.sink.bigquery.BigQueryConfig;
import io.dataflow.sink.bigquery.BigQuerySettings;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer;
import io.dataflow.sink.bigquery.FakeBigQueryWriteServer.StoredRow;
import io.dataflow.sink.bigquery.Row;
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
}
