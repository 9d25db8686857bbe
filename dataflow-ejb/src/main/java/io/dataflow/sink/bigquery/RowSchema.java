package io.dataflow.sink.bigquery;

import java.util.List;
import java.util.Objects;

/**
 * The table a transformer writes: its columns, and how the table is partitioned and clustered. Each
 * writer maps it to its own types (BigQuery, H2).
 *
 * @param columns the columns, in order; the first is the row's unique id
 * @param partitionColumn a {@link ColumnType#TIMESTAMP} column to partition by day, or null
 * @param clusterColumns columns to cluster by (at most 4 in BigQuery)
 */
public record RowSchema(List<Column> columns, String partitionColumn, List<String> clusterColumns) {
  public RowSchema {
    columns = List.copyOf(columns);
    clusterColumns = List.copyOf(clusterColumns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a schema needs columns");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("column " + c.name() + " appears twice");
      }
    }
  }

  /** The id column: the first one. */
  public Column idColumn() {
    return columns.get(0);
  }

  /** The column types a row value may have. */
  public enum ColumnType {
    /** A short string (ids, names). */
    STRING,
    /** A string that may be long, e.g. JSON text. */
    TEXT,
    /** An instant; row values are {@link java.time.Instant}. */
    TIMESTAMP,
    /**
     * JSON text; BigQuery's JSON type (the BigQuery writers send the text, as both APIs take a JSON
     * column), a large text in the embedded store. Row values are {@code String}.
     */
    JSON,
    /** A double; row values are {@link Double}. */
    FLOAT64,
    /** A 64-bit integer; row values are {@link Long}. */
    INT64,
    /** A boolean; row values are {@link Boolean}. */
    BOOL
  }

  /** The column of that name, if the schema has it. */
  public java.util.Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * One column.
   *
   * @param name lower-case snake_case name
   * @param type its type
   * @param required whether every row has a value
   */
  public record Column(String name, ColumnType type, boolean required) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("column names are lower-case snake_case: " + name);
      }
    }
  }
}
