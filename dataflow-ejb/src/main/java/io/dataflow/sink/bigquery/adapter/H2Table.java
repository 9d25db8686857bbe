package io.dataflow.sink.bigquery.adapter;

import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The SQL of the embedded table for a {@link RowSchema}: DDL, the MERGE and its parameters. */
final class H2Table {
  private final String name;
  private volatile RowSchema schema;

  H2Table(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain SQL table name: " + name);
    }
    this.name = name.toUpperCase(Locale.ROOT);
  }

  String name() {
    return name;
  }

  void define(RowSchema rowSchema) {
    this.schema = rowSchema;
  }

  List<String> ddl() {
    String columns =
        schema.columns().stream()
            .map(c -> column(c.name()) + " " + sqlType(c) + (c.required() ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "));
    String id = column(schema.idColumn().name());
    String create =
        "CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ", PRIMARY KEY (" + id + "))";
    // The embedded store's own column (not in the BigQuery schema): when the row was first
    // written, so receipt-to-sink latency can be measured by a query.
    String writtenAt =
        "ALTER TABLE "
            + name
            + " ADD COLUMN IF NOT EXISTS WRITTEN_AT TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP(3)";
    if (schema.partitionColumn() == null) {
      return List.of(create, writtenAt);
    }
    String p = column(schema.partitionColumn());
    return List.of(
        create,
        writtenAt,
        "CREATE INDEX IF NOT EXISTS " + name + "_" + p + " ON " + name + " (" + p + ")");
  }

  String mergeSql() {
    RowSchema s = requireSchema();
    String columns =
        s.columns().stream().map(c -> column(c.name())).collect(Collectors.joining(", "));
    String params = s.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
    return "MERGE INTO "
        + name
        + " ("
        + columns
        + ") KEY ("
        + column(s.idColumn().name())
        + ") VALUES ("
        + params
        + ")";
  }

  void bind(PreparedStatement st, Row row) throws SQLException {
    List<RowSchema.Column> columns = requireSchema().columns();
    for (int i = 0; i < columns.size(); i++) {
      RowSchema.Column c = columns.get(i);
      Object v = row.values().get(c.name());
      if (v == null) {
        st.setNull(
            i + 1,
            c.type() == RowSchema.ColumnType.TIMESTAMP
                ? Types.TIMESTAMP_WITH_TIMEZONE
                : Types.VARCHAR);
      } else if (v instanceof Instant t) {
        st.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else {
        st.setString(i + 1, v.toString());
      }
    }
  }

  private RowSchema requireSchema() {
    if (schema == null) {
      throw new IllegalStateException("table " + name + " is not prepared");
    }
    return schema;
  }

  private static String column(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  private static String sqlType(RowSchema.Column c) {
    return switch (c.type()) {
      case STRING -> "CHARACTER VARYING(1024)";
      case TEXT -> "CHARACTER LARGE OBJECT";
      case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
    };
  }
}
