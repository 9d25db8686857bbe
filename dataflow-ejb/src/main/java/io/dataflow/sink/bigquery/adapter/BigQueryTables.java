package io.dataflow.sink.bigquery.adapter;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import io.dataflow.sink.bigquery.BigQuerySettings;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.SchemaDifference;
import io.dataflow.sink.bigquery.SchemaUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The dataset and table of both BigQuery writers, over REST: created when missing, and an existing
 * table's columns compared with the row schema ({@link SchemaDifference}); missing columns are
 * added, nullable, with a {@code tables.patch} of the schema when the policy is {@link
 * SchemaUpdate#ADD_COLUMNS}.
 *
 * <p>A JSON column of the schema may be STRING in the table (tables created before the payload
 * became JSON): both APIs take the same JSON text for either type, so such a table keeps working
 * with its type unchanged (BigQuery cannot change a column from STRING to JSON in place).
 */
public final class BigQueryTables {
  private static final Logger LOG = Logger.getLogger(BigQueryTables.class.getName());
  private static final int ALREADY_EXISTS = 409;

  private BigQueryTables() {}

  /**
   * Makes the table ready for rows of {@code schema}: creates the dataset and table when {@code
   * create} and missing (else fails on a missing table), and brings an existing table's columns in
   * line as {@code schemaUpdate} allows.
   *
   * @throws io.dataflow.sink.bigquery.SchemaMismatchException when the table differs in a way the
   *     policy does not fix
   */
  public static void prepare(
      BigQuery client,
      TableId table,
      String location,
      RowSchema schema,
      boolean create,
      SchemaUpdate schemaUpdate) {
    Table existing;
    if (create) {
      ensureDataset(client, table, location);
      existing = client.getTable(table);
      if (existing == null) {
        if (create(() -> client.create(TableInfo.of(table, definition(schema))))) {
          LOG.info("Created BigQuery table " + name(table));
          return;
        }
        existing = client.getTable(table);
      }
    } else {
      existing = require(client, table);
    }
    update(client, existing, schema, schemaUpdate);
  }

  private static void ensureDataset(BigQuery client, TableId table, String location) {
    DatasetId dataset = DatasetId.of(table.getProject(), table.getDataset());
    if (client.getDataset(dataset) == null) {
      create(() -> client.create(DatasetInfo.newBuilder(dataset).setLocation(location).build()));
      LOG.info("Created BigQuery dataset " + dataset.getProject() + "." + dataset.getDataset());
    }
  }

  /** The table; fails when it is missing (used when creation is switched off). */
  private static Table require(BigQuery client, TableId table) {
    Table t = client.getTable(table);
    if (t == null) {
      throw new IllegalStateException(
          "BigQuery table "
              + name(table)
              + " does not exist; create it or set "
              + BigQuerySettings.CREATE_TABLES.key()
              + "=true");
    }
    return t;
  }

  /** Adds the schema's columns the table lacks, or fails as the policy says. */
  private static void update(
      BigQuery client, Table existing, RowSchema schema, SchemaUpdate schemaUpdate) {
    TableDefinition definition = existing.getDefinition();
    Schema current = definition == null ? null : definition.getSchema();
    FieldList fields = current == null ? FieldList.of() : current.getFields();
    SchemaDifference difference = difference(name(existing.getTableId()), schema, fields);
    List<RowSchema.Column> missing =
        difference.columnsToAdd(schemaUpdate, BigQueryTables::typeName);
    if (missing.isEmpty()) {
      return;
    }
    List<Field> all = new ArrayList<>(fields);
    for (RowSchema.Column c : missing) {
      all.add(field(c, Field.Mode.NULLABLE));
    }
    Schema wider = Schema.of(all);
    client.update(existing.toBuilder().setDefinition(withSchema(definition, wider)).build());
    LOG.info(
        "Added to BigQuery table "
            + name(existing.getTableId())
            + " (nullable): "
            + SchemaDifference.describe(missing, BigQueryTables::typeName));
  }

  private static TableDefinition withSchema(TableDefinition definition, Schema schema) {
    if (definition instanceof StandardTableDefinition standard) {
      return standard.toBuilder().setSchema(schema).build();
    }
    return StandardTableDefinition.of(schema);
  }

  /** How a table with these fields differs from the schema. */
  static SchemaDifference difference(String table, RowSchema schema, FieldList fields) {
    Map<String, String> existing = new LinkedHashMap<>();
    for (Field f : fields) {
      existing.put(
          f.getName().toLowerCase(java.util.Locale.ROOT), f.getType().getStandardType().name());
    }
    return SchemaDifference.between(
        table, schema, existing, BigQueryTables::typeName, BigQueryTables::fits);
  }

  /** Whether a table column of that type takes the column's values. */
  static boolean fits(RowSchema.Column c, String tableType) {
    String wanted = typeName(c);
    // JSON text is accepted by a STRING column as well (tables from before the JSON payload).
    return wanted.equals(tableType)
        || (c.type() == RowSchema.ColumnType.JSON && tableType.equals("STRING"));
  }

  /** {@code project.dataset.table}: TableId's own toString is not readable. */
  public static String name(TableId table) {
    return table.getProject() + "." + table.getDataset() + "." + table.getTable();
  }

  static StandardTableDefinition definition(RowSchema schema) {
    StandardTableDefinition.Builder b =
        StandardTableDefinition.newBuilder()
            .setSchema(
                Schema.of(
                    schema.columns().stream()
                        .map(
                            c -> field(c, c.required() ? Field.Mode.REQUIRED : Field.Mode.NULLABLE))
                        .toArray(Field[]::new)));
    if (schema.partitionColumn() != null) {
      b.setTimePartitioning(
          TimePartitioning.newBuilder(TimePartitioning.Type.DAY)
              .setField(schema.partitionColumn())
              .build());
    }
    if (!schema.clusterColumns().isEmpty()) {
      b.setClustering(Clustering.newBuilder().setFields(schema.clusterColumns()).build());
    }
    return b.build();
  }

  private static Field field(RowSchema.Column c, Field.Mode mode) {
    return Field.newBuilder(c.name(), sqlType(c.type())).setMode(mode).build();
  }

  /** The BigQuery type of a column type. */
  static StandardSQLTypeName sqlType(RowSchema.ColumnType type) {
    return switch (type) {
      case STRING, TEXT -> StandardSQLTypeName.STRING;
      case JSON -> StandardSQLTypeName.JSON;
      case TIMESTAMP -> StandardSQLTypeName.TIMESTAMP;
      case FLOAT64 -> StandardSQLTypeName.FLOAT64;
      case INT64 -> StandardSQLTypeName.INT64;
      case BOOL -> StandardSQLTypeName.BOOL;
    };
  }

  private static String typeName(RowSchema.Column c) {
    return sqlType(c.type()).name();
  }

  /** Runs a create; false when another server created it first. */
  private static boolean create(Runnable call) {
    try {
      call.run();
      return true;
    } catch (BigQueryException e) {
      if (e.getCode() != ALREADY_EXISTS) {
        throw e;
      }
      return false;
    }
  }
}
