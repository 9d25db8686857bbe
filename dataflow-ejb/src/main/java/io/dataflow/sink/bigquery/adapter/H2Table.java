package io.dataflow.sink.bigquery.adapter;

import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.SchemaDifference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        st.setNull(i + 1, jdbcType(c.type()));
      } else if (v instanceof Instant t) {
        st.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (v instanceof Double || v instanceof Long || v instanceof Boolean) {
        st.setObject(i + 1, v);
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

  private static int jdbcType(RowSchema.ColumnType type) {
    return switch (type) {
      case STRING -> Types.VARCHAR;
      case TEXT, JSON -> Types.CLOB;
      case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
      case FLOAT64 -> Types.DOUBLE;
      case INT64 -> Types.BIGINT;
      case BOOL -> Types.BOOLEAN;
    };
  }

  /**
   * The SQL type of a column. JSON is a large text, not H2's JSON type, so that a store made before
   * the payload column became JSON keeps the same type and any SQL tool reads it as text.
   */
  static String sqlType(RowSchema.Column c) {
    return switch (c.type()) {
      case STRING -> "CHARACTER VARYING(1024)";
      case TEXT, JSON -> "CHARACTER LARGE OBJECT";
      case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
      case FLOAT64 -> "DOUBLE PRECISION";
      case INT64 -> "BIGINT";
      case BOOL -> "BOOLEAN";
    };
  }

  /** The type name H2 reports in INFORMATION_SCHEMA.COLUMNS.DATA_TYPE for a column. */
  static String reportedType(RowSchema.Column c) {
    String sql = sqlType(c);
    int paren = sql.indexOf('(');
    return paren < 0 ? sql : sql.substring(0, paren);
  }

  /** The table's columns (lower case) and their types, or empty when the table does not exist. */
  Map<String, String> existingColumns(Connection c) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
        }
      }
    }
    return columns;
  }

  /** How the existing table differs from the schema. */
  SchemaDifference difference(Map<String, String> existing) {
    return SchemaDifference.between(
        name,
        requireSchema(),
        existing,
        H2Table::reportedType,
        (column, type) -> reportedType(column).equalsIgnoreCase(type));
  }

  /** Adds a column, nullable (the rows already written have it null). */
  String addColumnSql(RowSchema.Column c) {
    return "ALTER TABLE "
        + name
        + " ADD COLUMN IF NOT EXISTS "
        + column(c.name())
        + " "
        + sqlType(c);
  }
}
