package io.dataflow.sink.bigquery;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;
import java.util.List;

/** Settings of the BigQuery sink. */
public final class BigQuerySettings implements SettingsHolder {
  public static final String EMBEDDED = "embedded";
  public static final String BIGQUERY = "bigquery";
  public static final String STORAGE_WRITE = "storage-write";
  public static final String COMMITTED = "committed";
  public static final String DEFAULT_STREAM = "default";

  public static final Setting<String> WRITER =
      Setting.oneOf(
          "dataflow.bigquery.writer",
          EMBEDDED,
          List.of(EMBEDDED, BIGQUERY, STORAGE_WRITE),
          "Where rows go: embedded (an H2 database file under <data-dir>/warehouse), bigquery"
              + " (streaming insertAll) or storage-write (the BigQuery Storage Write API, see"
              + " write-mode).");
  public static final Setting<String> WRITE_MODE =
      Setting.oneOf(
          "dataflow.bigquery.write-mode",
          COMMITTED,
          List.of(COMMITTED, DEFAULT_STREAM),
          "With writer=storage-write: committed (exactly once: committed write streams with"
              + " explicit offsets and the append ledger under <data-dir>/bigquery-ledger) or"
              + " default (at least once: the table's default stream, multiplexed connections).");
  public static final Setting<String> STORAGE_HOST =
      Setting.optionalString(
          "dataflow.bigquery.storage-host",
          "Storage Write API gRPC endpoint, e.g. 127.0.0.1:9060 for a fake (a bare host:port or an"
              + " http:// URL is used in plaintext without credentials); empty means Google's"
              + " (bigquerystorage.googleapis.com:443).");
  public static final Setting<Long> STREAM_MAX_ROWS =
      Setting.longValue(
          "dataflow.bigquery.stream-max-rows",
          10_000_000L,
          1L,
          Long.MAX_VALUE,
          "Committed mode: a write stream that holds this many rows is finalized and a new one"
              + " created (checked between appends).");
  public static final Setting<Duration> STREAM_MAX_AGE =
      Setting.duration(
          "dataflow.bigquery.stream-max-age",
          "1h",
          Duration.ofSeconds(1),
          Duration.ofDays(1),
          "Committed mode: a write stream older than this is finalized and a new one created"
              + " (checked between appends).");
  public static final Setting<Duration> LEDGER_RETENTION =
      Setting.duration(
          "dataflow.bigquery.ledger-retention",
          "15m",
          Duration.ofMinutes(1),
          Duration.ofDays(7),
          "Committed mode: how long the append ledger keeps a finalized stream's message ids"
              + " (in memory and on disk) to recognise redelivered messages; counted from the"
              + " finalization and from the server's start, whichever is later. Must exceed the"
              + " bus's redelivery delay (Pub/Sub ack deadline).");
  public static final Setting<String> TRANSFORMER =
      Setting.string(
          "dataflow.bigquery.transformer",
          DefaultRowTransformer.NAME,
          "The @Named RowTransformer bean that turns an envelope into a row and declares the schema.");
  public static final Setting<String> COLUMNS =
      Setting.string(
          "dataflow.bigquery.columns",
          "",
          "Typed columns of the default transformer, pulled from the JSON payload beside the"
              + " envelope columns: comma-separated entries '<column> <TYPE> [from <path>]', TYPE"
              + " one of STRING, FLOAT64, INT64, BOOL, TIMESTAMP, JSON, path $.a.b (default"
              + " $.<column>); e.g. 'temperature FLOAT64 from $.temperature, battery INT64'. A"
              + " field that does not convert is null and named in the row's conversion_errors."
              + " See docs/bigquery.md.");
  public static final Setting<String> SCHEMA_UPDATE =
      Setting.oneOf(
          "dataflow.bigquery.schema-update",
          SchemaUpdate.ADD_COLUMNS.value(),
          List.of(SchemaUpdate.ADD_COLUMNS.value(), SchemaUpdate.NONE.value()),
          "At start-up, when the existing table lacks columns of the row schema (e.g. a typed"
              + " column added to dataflow.bigquery.columns): add-columns adds them, nullable"
              + " (all writers); none fails the start-up naming them. A column whose type differs"
              + " always fails the start-up.");
  public static final Setting<String> PROJECT =
      Setting.optionalString(
          "dataflow.bigquery.project",
          "Google Cloud project of the dataset; empty means the client's default project.");
  public static final Setting<String> DATASET =
      Setting.string("dataflow.bigquery.dataset", "dataflow", "BigQuery dataset of the table.");
  public static final Setting<String> DATASET_LOCATION =
      Setting.string(
          "dataflow.bigquery.dataset-location",
          "US",
          "Location used when the sink creates the dataset.");
  public static final Setting<String> TABLE =
      Setting.string(
          "dataflow.bigquery.table",
          "telemetry",
          "Table name, in BigQuery and in the embedded store (where it is upper-cased: TELEMETRY).");
  public static final Setting<String> HOST =
      Setting.optionalString(
          "dataflow.bigquery.host",
          "BigQuery API root URL, e.g. http://127.0.0.1:9050 for a fake (a plain-http URL or a bare"
              + " host:port is used without credentials); empty means Google's.");
  public static final Setting<Boolean> CREATE_TABLES =
      Setting.bool(
          "dataflow.bigquery.create-tables",
          true,
          "Create the dataset and table at start-up when missing (partitioned by event day, clustered by device).");
  public static final Setting<Duration> STARTUP_TIMEOUT =
      Setting.duration(
          "dataflow.bigquery.startup-timeout",
          "10s",
          "Timeout of each start-up call (dataset and table get/create, write stream create and"
              + " finalize); start-up never waits longer per call.");
  public static final Setting<Duration> REQUEST_TIMEOUT =
      Setting.duration(
          "dataflow.bigquery.request-timeout",
          "30s",
          "Timeout of each insertAll request or Storage Write append (and of the client's"
              + " reconnection); a timeout is retried with the same insertIds, or in committed"
              + " mode the same rows at the same offset.");
  public static final Setting<Integer> MAX_BATCH_ROWS =
      Setting.integer(
          "dataflow.bigquery.max-batch-rows", 500, 1, 50_000, "Rows per insert request.");
  public static final Setting<Long> MAX_BATCH_BYTES =
      Setting.longValue(
          "dataflow.bigquery.max-batch-bytes",
          9_000_000L,
          1_000L,
          9_500_000L,
          "Estimated JSON bytes per insert request, under BigQuery's 10 MB limit. A larger row is dead-lettered (reason oversize).");
  public static final Setting<Duration> MAX_BATCH_AGE =
      Setting.duration(
          "dataflow.bigquery.max-batch-age",
          "5s",
          "A batch is written at the latest this long after its first row arrived.");
  public static final Setting<Long> MAX_PENDING_ROWS =
      Setting.longValue(
          "dataflow.bigquery.max-pending-rows",
          5_000L,
          1L,
          10_000_000L,
          "Rows held (batching or being written) before intake blocks (backpressure).");
  public static final Setting<Long> MAX_PENDING_BYTES =
      Setting.longValue(
          "dataflow.bigquery.max-pending-bytes",
          64_000_000L,
          1_000L,
          Long.MAX_VALUE,
          "Row bytes held before intake blocks (backpressure).");
  public static final Setting<Integer> MAX_CONCURRENT_WRITES =
      Setting.integer(
          "dataflow.bigquery.max-concurrent-writes", 4, 1, 256, "Batches written at once.");
  public static final Setting<Duration> SEAL_INTERVAL =
      Setting.duration(
          "dataflow.bigquery.seal-interval",
          "200ms",
          "How often batch deadlines are checked; a batch is written at most this late.");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.duration(
          "dataflow.bigquery.shutdown-timeout",
          "30s",
          "On shutdown, how long to wait for the last batches to be written (unwritten ones are redelivered).");
  public static final Setting<Duration> UNHEALTHY_AFTER =
      Setting.duration(
          "dataflow.bigquery.unhealthy-after",
          "60s",
          "Readiness turns DOWN when the writer has been failing for longer than this.");

  public static final Setting<Duration> RETRY_DELAY =
      Setting.duration(
          "dataflow.bigquery.retry-delay",
          "1s",
          Duration.ofMillis(10),
          Duration.ofMinutes(10),
          "Wait before a batch whose write failed (after the prompt retries) is tried again;"
              + " doubles per failure up to retry-max-delay. The batch is tried until it is"
              + " written, its messages stay unacked meanwhile.");

  public static final Setting<Duration> RETRY_MAX_DELAY =
      Setting.duration(
          "dataflow.bigquery.retry-max-delay",
          "60s",
          Duration.ofMillis(10),
          Duration.ofHours(1),
          "Longest wait between tries of a batch whose write keeps failing.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public BigQuerySettings() {}
}
