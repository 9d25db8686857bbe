package io.dataflow.sink.bigquery;

import io.dataflow.sink.bigquery.RowSchema.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How an existing table differs from the {@link RowSchema} the transformer writes, found by each
 * writer at start-up from its table's metadata. Columns of the table that the schema lacks do not
 * matter (they stay null in new rows).
 *
 * @param table the table's name, for messages
 * @param missing the schema's columns the table lacks
 * @param conflicts the columns whose table type cannot take the schema's values, as {@code name:
 *     table TYPE, schema needs TYPE}
 */
public record SchemaDifference(String table, List<Column> missing, List<String> conflicts) {
  public SchemaDifference {
    missing = List.copyOf(missing);
    conflicts = List.copyOf(conflicts);
  }

  /**
   * Compares the table's columns with the schema.
   *
   * @param existing the table's column name (lower case) to its type in the writer's vocabulary
   * @param typeName the type the writer gives a column
   * @param fits whether a column of the schema can be written to a table column of that type
   */
  public static SchemaDifference between(
      String table,
      RowSchema schema,
      Map<String, String> existing,
      Function<Column, String> typeName,
      BiPredicate<Column, String> fits) {
    List<Column> missing = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (Column c : schema.columns()) {
      String type = existing.get(c.name());
      if (type == null) {
        missing.add(c);
      } else if (!fits.test(c, type)) {
        conflicts.add(c.name() + ": table " + type + ", schema needs " + typeName.apply(c));
      }
    }
    return new SchemaDifference(table, missing, conflicts);
  }

  /**
   * The columns to add, after checking the difference against the policy.
   *
   * @throws SchemaMismatchException when a column's type conflicts, or columns are missing and the
   *     policy is {@link SchemaUpdate#NONE}
   */
  public List<Column> columnsToAdd(SchemaUpdate policy, Function<Column, String> typeName) {
    if (!conflicts.isEmpty()) {
      throw new SchemaMismatchException(
          "Table "
              + table
              + " has columns of another type than the row schema ("
              + String.join("; ", conflicts)
              + "). A column's type cannot be changed in place: write to another table ("
              + BigQuerySettings.TABLE.key()
              + "), or rename the typed column in "
              + BigQuerySettings.COLUMNS.key());
    }
    if (!missing.isEmpty() && policy == SchemaUpdate.NONE) {
      throw new SchemaMismatchException(
          "Table "
              + table
              + " lacks columns of the row schema: "
              + describe(missing, typeName)
              + ". Set "
              + BigQuerySettings.SCHEMA_UPDATE.key()
              + "="
              + SchemaUpdate.ADD_COLUMNS.value()
              + " (env "
              + BigQuerySettings.SCHEMA_UPDATE.environmentVariable()
              + ") to add them (nullable) at start-up, or add them to the table yourself");
    }
    return missing;
  }

  /** {@code name TYPE, name TYPE}. */
  public static String describe(List<Column> columns, Function<Column, String> typeName) {
    return columns.stream()
        .map(c -> c.name() + " " + typeName.apply(c))
        .collect(Collectors.joining(", "));
  }
}
