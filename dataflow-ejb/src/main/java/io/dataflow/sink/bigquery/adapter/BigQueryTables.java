package io.dataflow.sink.bigquery.adapter;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import io.dataflow.sink.bigquery.BigQuerySettings;
import io.dataflow.sink.bigquery.RowSchema;
import java.util.logging.Logger;

/** Creates the dataset and the table when they are missing. */
public final class BigQueryTables {
  private static final Logger LOG = Logger.getLogger(BigQueryTables.class.getName());
  private static final int ALREADY_EXISTS = 409;

  private BigQueryTables() {}

  /** Creates what is missing; a concurrent creation by another server counts as success. */
  public static void ensure(BigQuery client, TableId table, String location, RowSchema schema) {
    DatasetId dataset = DatasetId.of(table.getProject(), table.getDataset());
    if (client.getDataset(dataset) == null) {
      create(() -> client.create(DatasetInfo.newBuilder(dataset).setLocation(location).build()));
      LOG.info("Created BigQuery dataset " + dataset.getProject() + "." + dataset.getDataset());
    }
    if (client.getTable(table) == null) {
      create(() -> client.create(TableInfo.of(table, definition(schema))));
      LOG.info("Created BigQuery table " + name(table));
    }
  }

  /** Fails when the table is missing (used when creation is switched off). */
  public static void require(BigQuery client, TableId table) {
    if (client.getTable(table) == null) {
      throw new IllegalStateException(
          "BigQuery table "
              + name(table)
              + " does not exist; create it or set "
              + BigQuerySettings.CREATE_TABLES.key()
              + "=true");
    }
  }

  /** {@code project.dataset.table}: TableId's own toString is not readable. */
  public static String name(TableId table) {
    return table.getProject() + "." + table.getDataset() + "." + table.getTable();
  }

  static StandardTableDefinition definition(RowSchema schema) {
    StandardTableDefinition.Builder b =
        StandardTableDefinition.newBuilder().setSchema(Schema.of(fields(schema)));
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

  private static Field[] fields(RowSchema schema) {
    return schema.columns().stream()
        .map(
            c ->
                Field.newBuilder(
                        c.name(),
                        c.type() == RowSchema.ColumnType.TIMESTAMP
                            ? StandardSQLTypeName.TIMESTAMP
                            : StandardSQLTypeName.STRING)
                    .setMode(c.required() ? Field.Mode.REQUIRED : Field.Mode.NULLABLE)
                    .build())
        .toArray(Field[]::new);
  }

  private static void create(Runnable call) {
    try {
      call.run();
    } catch (BigQueryException e) {
      if (e.getCode() != ALREADY_EXISTS) {
        throw e;
      }
    }
  }
}
