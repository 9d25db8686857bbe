package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowBatchWriter;
import io.dataflow.sink.bigquery.SchemaMismatchException;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TypedRows;
import io.dataflow.sink.bigquery.WriteInvoker;
import io.dataflow.sink.bigquery.WriterHealth;
import io.dataflow.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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

  private List<Object> column(String column) throws Exception {
    List<Object> values = new ArrayList<>();
    try (Connection c = reader();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + " FROM TELEMETRY ORDER BY MESSAGE_ID")) {
      while (rs.next()) {
        values.add(rs.getObject(1));
      }
    }
    return values;
  }

  @Test
  void aColumnAddedToTheMappingIsAddedAtRestartAndOldRowsHaveItNull() throws Exception {
    DefaultRowTransformer before = TypedRows.transformer("");
    writer(before, SchemaUpdate.ADD_COLUMNS)
        .write(TypedRows.rows(before, "a-old", 2, TypedRows.GOOD));
    restart();

    DefaultRowTransformer after = TypedRows.transformer("temperature FLOAT64, battery INT64");
    H2RowWriter w = writer(after, SchemaUpdate.ADD_COLUMNS);
    assertThat(w.write(TypedRows.rows(after, "b-new", 2, TypedRows.GOOD)))
        .isEqualTo(WriteResult.success());

    assertThat(columnTypes())
        .containsEntry("TEMPERATURE", "DOUBLE PRECISION")
        .containsEntry("BATTERY", "BIGINT")
        .containsEntry("CONVERSION_ERRORS", "CHARACTER LARGE OBJECT");
    assertThat(column("MESSAGE_ID")).containsExactly("a-old0", "a-old1", "b-new0", "b-new1");
    assertThat(column("TEMPERATURE")).containsExactly(null, null, 21.5, 21.5);
    assertThat(column("BATTERY")).containsExactly(null, null, 87L, 87L);
  }

  @Test
  void withNoneARestartWithANewColumnFailsNamingItAndChangesNothing() throws Exception {
    DefaultRowTransformer before = TypedRows.transformer("battery INT64");
    writer(before, SchemaUpdate.NONE).write(TypedRows.rows(before, "old", 1, TypedRows.GOOD));
    restart();

    DefaultRowTransformer after = TypedRows.transformer("battery INT64, temperature FLOAT64");
    assertThatThrownBy(() -> writer(after, SchemaUpdate.NONE))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(
            "Table TELEMETRY lacks columns of the row schema: temperature DOUBLE PRECISION")
        .hasMessageContaining("dataflow.bigquery.schema-update=add-columns")
        .hasMessageContaining("DATAFLOW_BIGQUERY_SCHEMA_UPDATE");
    assertThat(columnTypes()).doesNotContainKey("TEMPERATURE");
  }

  @Test
  void aColumnWhoseTypeChangedFailsEvenWithAddColumns() throws Exception {
    writer(TypedRows.transformer("battery INT64"), SchemaUpdate.ADD_COLUMNS);
    restart();

    assertThatThrownBy(
            () -> writer(TypedRows.transformer("battery STRING"), SchemaUpdate.ADD_COLUMNS))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("battery: table BIGINT, schema needs CHARACTER VARYING")
        .hasMessageContaining("cannot be changed in place");
  }

  @Test
  void theSinkFailsItsStartUpOnASchemaMismatchInsteadOfRetryingOnTheNextWrite() throws Exception {
    writer(TypedRows.transformer(""), SchemaUpdate.NONE);
    restart();
    H2RowWriter w = new H2RowWriter(dir.resolve("warehouse"), "telemetry", SchemaUpdate.NONE);
    writers.add(w);
    FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
    WriterHealth health = new WriterHealth(clock);
    RowBatchWriter rows =
        new RowBatchWriter(
            w,
            TypedRows.transformer("battery INT64").schema(),
            WriteInvoker.ONCE,
            health,
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)),
            wait -> {},
            clock);

    assertThatThrownBy(rows::prepare)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("battery BIGINT");
    assertThat(health.lastError()).contains("battery BIGINT");
  }
}
