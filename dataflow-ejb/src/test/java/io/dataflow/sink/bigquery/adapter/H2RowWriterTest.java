package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.envelope.Envelope;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.Row;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2RowWriterTest {
  @TempDir Path dir;
  private final DefaultRowTransformer transformer = new DefaultRowTransformer();
  private H2RowWriter writer;

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  private H2RowWriter writer() throws Exception {
    writer = new H2RowWriter(dir.resolve("warehouse"), "telemetry");
    writer.prepare(transformer.schema());
    return writer;
  }

  private List<Row> rows(int n) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Envelope e =
          TrackedMessage.of("id-" + i, "dev-" + i)
              .getPayload()
              .withEnrichment(
                  Map.of("location", "berlin", "name", "pump " + i, "serviceTag", "st-" + i))
              .withAttribute("qos", "1");
      rows.add(transformer.toRow(e));
    }
    return rows;
  }

  private long count(String where) throws Exception {
    try (Connection c = DriverManager.getConnection(writer.url(), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TELEMETRY " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void rowsAreQueryableThroughTheAutoServerUrlWithEveryColumn() throws Exception {
    assertThat(writer().write(rows(3))).isEqualTo(WriteResult.success());
    assertThat(writer.url())
        .startsWith("jdbc:h2:file:")
        .endsWith("/warehouse/dataflow;AUTO_SERVER=TRUE");
    try (Connection c = DriverManager.getConnection(writer.url(), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT MESSAGE_ID, DEVICE_ID, EVENT_TIME, RECEIVED_AT, LOCATION, NAME, SERVICE_TAG,"
                    + " PAYLOAD, ATTRIBUTES FROM TELEMETRY WHERE MESSAGE_ID = 'id-1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("id-1");
      assertThat(rs.getString(2)).isEqualTo("dev-1");
      assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
          .hasToString("2026-11-25T11:59:00Z");
      assertThat(rs.getObject(4, OffsetDateTime.class).toInstant())
          .hasToString("2026-11-25T11:59:01Z");
      assertThat(rs.getString(5)).isEqualTo("berlin");
      assertThat(rs.getString(6)).isEqualTo("pump 1");
      assertThat(rs.getString(7)).isEqualTo("st-1");
      assertThat(rs.getString(8)).isEqualTo("{\"temp\":21.5}");
      assertThat(rs.getString(9)).isEqualTo("{\"qos\":\"1\"}");
    }
    assertThat(count("")).isEqualTo(3);
  }

  @Test
  void aRedeliveredRowIsNotDuplicated() throws Exception {
    List<Row> batch = rows(5);
    writer().write(batch);
    writer.write(batch.subList(1, 4));
    writer.write(batch);
    assertThat(count("")).isEqualTo(5);
  }

  @Test
  void aRowTheDatabaseRefusesIsReportedAndTheOthersAreKept() throws Exception {
    List<Row> batch = new ArrayList<>(rows(3));
    Row bad = batch.get(1);
    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>(bad.values());
    values.put("device_id", "d".repeat(2_000));
    batch.set(1, Row.of(bad.insertId(), values));

    WriteResult result = writer().write(batch);

    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.index()).isEqualTo(1);
              assertThat(f.reason()).isEqualTo("invalid");
            });
    assertThat(count("")).isEqualTo(2);
    assertThat(count("WHERE MESSAGE_ID = 'id-1'")).isZero();
  }

  @Test
  void prepareIsRepeatableAndKeepsTheRows() throws Exception {
    writer().write(rows(2));
    writer.close();
    writer = writer();
    assertThat(count("")).isEqualTo(2);
  }
}
