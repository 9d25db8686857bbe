package io.dataflow.sink.bigquery;

import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.RetryBackoff;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The BigQuery sink's settings, read once from {@code dataflow.bigquery.*} and validated; the
 * stage, its readiness check and the BigQuery adapter read these, not the keys.
 *
 * @param writer {@code embedded} (H2), {@code bigquery} (insertAll) or {@code storage-write}
 * @param table the table name
 * @param limits when a batch is sealed
 * @param bounds how much may be pending (one table: one open group)
 * @param sealInterval how often due batches are sealed
 * @param shutdownTimeout how long the final flush may take
 * @param unhealthyAfter how long the writer may fail before readiness is DOWN
 * @param backoff waits between tries of a batch whose write keeps failing
 * @param schemaUpdate what the writer does when the existing table lacks columns
 * @param cloud the settings of the BigQuery adapter
 */
public record BigQueryConfig(
    String writer,
    String table,
    BatchLimits limits,
    BatcherBounds bounds,
    Duration sealInterval,
    Duration shutdownTimeout,
    Duration unhealthyAfter,
    RetryBackoff backoff,
    SchemaUpdate schemaUpdate,
    Cloud cloud) {

  /**
   * What the BigQuery adapter needs.
   *
   * @param project the project, else the client's default
   * @param host an endpoint override (a fake or a private endpoint)
   * @param dataset the dataset
   * @param datasetLocation where a created dataset lives
   * @param createTables whether to create the dataset and table at start-up
   * @param requestTimeout the timeout of one request
   * @param startupTimeout the timeout of the start-up calls
   * @param storage the settings of the Storage Write API writer
   */
  public record Cloud(
      Optional<String> project,
      Optional<String> host,
      String dataset,
      String datasetLocation,
      boolean createTables,
      Duration requestTimeout,
      Duration startupTimeout,
      StorageWrite storage) {}

  /**
   * What the Storage Write API writer needs besides {@link Cloud}.
   *
   * @param mode {@code committed} (exactly once) or {@code default} (at least once)
   * @param host the gRPC endpoint override (a fake or a private endpoint)
   * @param streamMaxRows rows after which a committed stream is finalized and replaced
   * @param streamMaxAge age after which a committed stream is finalized and replaced
   * @param ledgerRetention how long the append ledger remembers a finalized stream's ids
   */
  public record StorageWrite(
      String mode,
      Optional<String> host,
      long streamMaxRows,
      Duration streamMaxAge,
      Duration ledgerRetention) {
    /** Whether the mode is exactly once (committed streams with offsets). */
    public boolean committed() {
      return BigQuerySettings.COMMITTED.equals(mode);
    }
  }

  public static BigQueryConfig read(Config config) {
    return new BigQueryConfig(
        BigQuerySettings.WRITER.read(config),
        BigQuerySettings.TABLE.read(config),
        new BatchLimits(
            BigQuerySettings.MAX_BATCH_ROWS.read(config),
            BigQuerySettings.MAX_BATCH_BYTES.read(config),
            BigQuerySettings.MAX_BATCH_AGE.read(config),
            Duration.ZERO),
        new BatcherBounds(
            BigQuerySettings.MAX_PENDING_ROWS.read(config),
            BigQuerySettings.MAX_PENDING_BYTES.read(config),
            1,
            BigQuerySettings.MAX_CONCURRENT_WRITES.read(config)),
        BigQuerySettings.SEAL_INTERVAL.read(config),
        BigQuerySettings.SHUTDOWN_TIMEOUT.read(config),
        BigQuerySettings.UNHEALTHY_AFTER.read(config),
        new RetryBackoff(
            BigQuerySettings.RETRY_DELAY.read(config),
            BigQuerySettings.RETRY_MAX_DELAY.read(config)),
        SchemaUpdate.of(BigQuerySettings.SCHEMA_UPDATE.read(config)),
        new Cloud(
            BigQuerySettings.PROJECT.readOptional(config),
            BigQuerySettings.HOST.readOptional(config),
            BigQuerySettings.DATASET.read(config),
            BigQuerySettings.DATASET_LOCATION.read(config),
            BigQuerySettings.CREATE_TABLES.read(config),
            BigQuerySettings.REQUEST_TIMEOUT.read(config),
            BigQuerySettings.STARTUP_TIMEOUT.read(config),
            new StorageWrite(
                BigQuerySettings.WRITE_MODE.read(config),
                BigQuerySettings.STORAGE_HOST.readOptional(config),
                BigQuerySettings.STREAM_MAX_ROWS.read(config),
                BigQuerySettings.STREAM_MAX_AGE.read(config),
                BigQuerySettings.LEDGER_RETENTION.read(config))));
  }

  /** Whether rows go to BigQuery through insertAll. */
  public boolean toBigQuery() {
    return BigQuerySettings.BIGQUERY.equals(writer);
  }

  /** Whether rows go to BigQuery through the Storage Write API. */
  public boolean toStorageWrite() {
    return BigQuerySettings.STORAGE_WRITE.equals(writer);
  }
}
