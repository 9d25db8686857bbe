package io.dataflow.sink.bigquery.adapter;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.BigQueryConfig;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowWriter;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TransientWriteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows with the BigQuery streaming insertAll API. The insertId of each row is its envelope
 * id, so BigQuery drops a row sent twice (a retry after a timeout, a redelivery). Invalid rows are
 * skipped by BigQuery and reported per row; only they are dead-lettered. The client (built by
 * {@link GoogleClients#bigQuery}) has its own retries off: retrying is {@link
 * FaultTolerantRowWriter}'s job, so attempts do not multiply.
 */
public final class BigQueryRowWriter implements RowWriter {
  private final BigQuery client;
  private final BigQuery startupClient;
  private final TableId table;
  private final String datasetLocation;
  private final boolean createTables;
  private final SchemaUpdate schemaUpdate;

  /** A writer that adds missing columns to an existing table. */
  public BigQueryRowWriter(
      BigQuery client,
      BigQuery startupClient,
      TableId table,
      String datasetLocation,
      boolean createTables) {
    this(client, startupClient, table, datasetLocation, createTables, SchemaUpdate.ADD_COLUMNS);
  }

  /**
   * @param client the client of the inserts
   * @param startupClient the client of the start-up calls (shorter timeout)
   * @param table the table
   * @param datasetLocation where a created dataset lives
   * @param createTables whether to create the dataset and table when missing
   * @param schemaUpdate what {@link #prepare} does when the existing table lacks columns
   */
  public BigQueryRowWriter(
      BigQuery client,
      BigQuery startupClient,
      TableId table,
      String datasetLocation,
      boolean createTables,
      SchemaUpdate schemaUpdate) {
    this.schemaUpdate = schemaUpdate;
    this.client = client;
    this.startupClient = startupClient;
    this.table = table;
    this.datasetLocation = datasetLocation;
    this.createTables = createTables;
  }

  /** The writer of {@code table} with the adapter's settings. */
  public static BigQueryRowWriter create(
      String table, BigQueryConfig.Cloud settings, SchemaUpdate schemaUpdate) {
    GoogleClientOptions options =
        GoogleClientOptions.of(settings.project(), settings.host(), settings.requestTimeout());
    BigQuery client = GoogleClients.bigQuery(options);
    BigQuery startup = GoogleClients.bigQuery(options.withTimeout(settings.startupTimeout()));
    String projectId = settings.project().orElse(client.getOptions().getProjectId());
    return new BigQueryRowWriter(
        client,
        startup,
        TableId.of(projectId, settings.dataset(), table),
        settings.datasetLocation(),
        settings.createTables(),
        schemaUpdate);
  }

  @Override
  public void prepare(RowSchema schema) {
    BigQueryTables.prepare(
        startupClient, table, datasetLocation, schema, createTables, schemaUpdate);
  }

  @Override
  public WriteResult write(List<Row> rows) throws TransientWriteException {
    InsertAllRequest.Builder request =
        InsertAllRequest.newBuilder(table).setSkipInvalidRows(true).setIgnoreUnknownValues(false);
    for (Row row : rows) {
      request.addRow(row.insertId(), content(row));
    }
    InsertAllResponse response;
    try {
      response = client.insertAll(request.build());
    } catch (BigQueryException e) {
      if (InsertRetryPolicy.isTransient(e)) {
        throw new TransientWriteException("insertAll into " + destination() + " failed: " + e, e);
      }
      throw e;
    }
    return rowOutcomes(response.getInsertErrors());
  }

  /** Rejected rows; a row error that is worth retrying makes the whole request transient. */
  static WriteResult rowOutcomes(Map<Long, List<BigQueryError>> errors)
      throws TransientWriteException {
    List<WriteResult.RecordFailure> failures = new ArrayList<>();
    for (Map.Entry<Long, List<BigQueryError>> e : errors.entrySet()) {
      BigQueryError first = e.getValue().isEmpty() ? null : e.getValue().get(0);
      String reason = first == null ? "invalid" : first.getReason();
      if (InsertRetryPolicy.isRowRetryable(reason)) {
        throw new TransientWriteException("row " + e.getKey() + " failed with " + first, null);
      }
      String message = first == null ? "" : first.getMessage();
      failures.add(new WriteResult.RecordFailure(e.getKey().intValue(), reason, message));
    }
    return failures.isEmpty() ? WriteResult.success() : WriteResult.rejected(failures);
  }

  private static Map<String, Object> content(Row row) {
    Map<String, Object> content = new HashMap<>(row.values().size() * 2);
    row.values()
        .forEach(
            (k, v) -> {
              if (v != null) {
                content.put(k, v instanceof Instant i ? i.toString() : v);
              }
            });
    return content;
  }

  @Override
  public String destination() {
    return "bigquery:" + BigQueryTables.name(table);
  }

  @Override
  public void close() {
    // The HTTP client holds no resources that need closing.
  }
}
