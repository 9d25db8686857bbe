package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TypedRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed columns and schema evolution in the embedded store (a real H2 file). */
class H2RowWriterSchemaTest {
  @TempDir Path dir;
  private final List<H2RowWriter> writers = new ArrayList<>();

  @AfterEach
  void close() {
    writers.forEach(H2RowWriter::close);
  }

  private H2RowWriter writer(DefaultRowTransformer t, SchemaUpdate policy) throws Exception {
    H2RowWriter w = new H2RowWriter(dir.resolve("warehouse"), "telemetry", policy);
    writers.add(w);
    w.prepare(t.schema());
    return w;
  }

  /** The previous writer stops, as at a restart. */
  private void restart() {
    writers.forEach(H2RowWriter::close);
    writers.clear();
  }

  private Connection reader() throws Exception {
    return DriverManager.getConnection(
        H2RowWriter.url(dir.resolve("warehouse")),
        H2RowWriter.USER,
        H2RowWriter.readPassword(dir.resolve("warehouse")));
  }

  private Map<String, String> columnTypes() throws Exception {
    Map<String, String> types = new LinkedHashMap<>();
    try (Connection c = reader();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'TELEMETRY' ORDER BY ORDINAL_POSITION")) {
      while (rs.next()) {
        types.put(rs.getString(1), rs.getString(2));
      }
    }
    return types;
  }

  @Test
  void typedColumnsHaveMatchingSqlTypesAndHoldTheConvertedValues() throws Exception {
    DefaultRowTransformer t = TypedRows.transformer(TypedRows.MAPPING);
    H2RowWriter w = writer(t, SchemaUpdate.ADD_COLUMNS);
    List<Row> rows = new ArrayList<>(TypedRows.rows(t, "good", 1, TypedRows.GOOD));
    rows.addAll(TypedRows.rows(t, "bad", 1, TypedRows.BAD_BATTERY));
    assertThat(w.write(rows)).isEqualTo(WriteResult.success());

    assertThat(columnTypes())
        .containsEntry("PAYLOAD", "CHARACTER LARGE OBJECT")
        .containsEntry("TEMPERATURE", "DOUBLE PRECISION")
        .containsEntry("BATTERY", "BIGINT")
        .containsEntry("OK", "BOOLEAN")
        .containsEntry("SEEN", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("CONVERSION_ERRORS", "CHARACTER LARGE OBJECT");
    try (Connection c = reader();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT MESSAGE_ID, TEMPERATURE, BATTERY, OK, SEEN, CONVERSION_ERRORS"
                    + " FROM TELEMETRY ORDER BY MESSAGE_ID")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("bad0");
      assertThat(rs.getObject(2)).isEqualTo(19.0);
      assertThat(rs.getObject(3)).isNull();
      assertThat(rs.getObject(4)).isEqualTo(false);
      assertThat(rs.getObject(5)).isNull();
      assertThat(rs.getString(6)).contains("\"battery\":\"expected an integer");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("good0");
      assertThat(rs.getObject(2)).isEqualTo(21.5);
      assertThat(rs.getObject(3)).isEqualTo(87L);
      assertThat(rs.getObject(4)).isEqualTo(true);
      assertThat(rs.getObject(5, OffsetDateTime.class).toInstant())
          .hasToString("2026-11-25T11:58:00Z");
      assertThat(rs.getString(6)).isNull();
    }
  }
}
