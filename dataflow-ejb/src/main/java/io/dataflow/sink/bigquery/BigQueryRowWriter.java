package io.dataflow.sink.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.http.HttpTransportOptions;
import io.dataflow.sink.batch.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Writes rows with the BigQuery streaming insertAll API. The insertId of each row is its envelope
 * id, so BigQuery drops a row sent twice (a retry after a timeout, a redelivery). Invalid rows are
 * skipped by BigQuery and reported per row; only they are dead-lettered. The client's own retries
 * are off: retrying is {@link FaultTolerantRowWriter}'s job, so attempts do not multiply.
 */
public final class BigQueryRowWriter implements RowWriter {
  private final BigQuery client;
  private final BigQuery startupClient;
  private final TableId table;
  private final String datasetLocation;
  private final boolean createTables;

  public BigQueryRowWriter(
      BigQuery client,
      BigQuery startupClient,
      TableId table,
      String datasetLocation,
      boolean createTables) {
    this.client = client;
    this.startupClient = startupClient;
    this.table = table;
    this.datasetLocation = datasetLocation;
    this.createTables = createTables;
  }

  /** The writer the settings describe. */
  public static BigQueryRowWriter fromConfig(Config config) {
    Optional<String> project = BigQuerySettings.PROJECT.readOptional(config);
    Optional<String> host = BigQuerySettings.HOST.readOptional(config);
    BigQuery client =
        client(project, host, BigQuerySettings.REQUEST_TIMEOUT.read(config)).getService();
    BigQuery startup =
        client(project, host, BigQuerySettings.STARTUP_TIMEOUT.read(config)).getService();
    String projectId = project.orElse(client.getOptions().getProjectId());
    return new BigQueryRowWriter(
        client,
        startup,
        TableId.of(
            projectId, BigQuerySettings.DATASET.read(config), BigQuerySettings.TABLE.read(config)),
        BigQuerySettings.DATASET_LOCATION.read(config),
        BigQuerySettings.CREATE_TABLES.read(config));
  }

  /**
   * Client options with one attempt per call and the given connect/read timeout. A plain-http host
   * (a local fake) is used without credentials.
   */
  public static BigQueryOptions client(
      Optional<String> project, Optional<String> host, Duration timeout) {
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    BigQueryOptions.Builder b =
        BigQueryOptions.newBuilder()
            .setRetrySettings(ServiceOptions.getNoRetrySettings())
            .setTransportOptions(
                HttpTransportOptions.newBuilder().setConnectTimeout(ms).setReadTimeout(ms).build());
    project.ifPresent(b::setProjectId);
    host.ifPresent(
        h -> {
          b.setHost(h);
          if (h.startsWith("http://")) {
            b.setCredentials(NoCredentials.getInstance());
          }
        });
    return b.build();
  }

  @Override
  public void prepare(RowSchema schema) {
    if (createTables) {
      BigQueryTables.ensure(startupClient, table, datasetLocation, schema);
    } else {
      BigQueryTables.require(startupClient, table);
    }
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
