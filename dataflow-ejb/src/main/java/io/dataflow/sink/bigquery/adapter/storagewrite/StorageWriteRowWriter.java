package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.storage.v1.TableName;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.gcp.GoogleEndpoint;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.BigQueryConfig;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowRejectedException;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowWriter;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.adapter.BigQueryTables;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Writes rows with the BigQuery Storage Write API ({@code dataflow.bigquery.writer=storage-write}).
 * The dataset and table are created over REST as for insertAll ({@link BigQueryTables}); the rows
 * are serialised by {@link RowMessages} against a proto schema derived from the transformer's
 * {@link RowSchema}, and appended by the mode's {@link StreamAppends}: {@link CommittedAppends}
 * (exactly once, with the {@link AppendLedger}) or {@link DefaultAppends} (at least once).
 *
 * <p>Outcomes, in the pipeline's taxonomy: a row that does not fit the schema ({@code
 * schema-mismatch}) or that BigQuery refuses ({@code invalid}, BigQuery's message) is returned for
 * the dead letter, alone; a timeout, a broken connection, UNAVAILABLE or RESOURCE_EXHAUSTED is a
 * {@link io.dataflow.sink.bigquery.TransientWriteException}, retried with backoff by the sink (in
 * committed mode, the same rows at the same offset); a missing permission or a table whose columns
 * differ is an {@link AppendFailure} naming the cause (and the IAM role), retried until fixed while
 * readiness reports it.
 */
public final class StorageWriteRowWriter implements RowWriter {
  private static final Logger LOG = Logger.getLogger(StorageWriteRowWriter.class.getName());

  private final BigQuery startupClient;
  private final TableId table;
  private final BigQueryConfig.Cloud settings;
  private final Path ledgerDirectory;
  private final StorageWriteMetrics metrics;
  private final Clock clock;
  private final ExecutorService closer;
  private final SchemaUpdate schemaUpdate;
  private RowMessages messages;
  private WriteStreams streams;
  private StreamAppends appends;

  /**
   * @param startupClient the REST client for the dataset and table calls
   * @param table the table
   * @param settings the adapter's settings
   * @param ledgerDirectory where committed mode keeps its ledger
   * @param metrics where the appends are counted
   * @param clock for stream ages and ledger retention
   * @param schemaUpdate what {@link #prepare} does when the existing table lacks columns
   */
  public StorageWriteRowWriter(
      BigQuery startupClient,
      TableId table,
      BigQueryConfig.Cloud settings,
      Path ledgerDirectory,
      StorageWriteMetrics metrics,
      Clock clock,
      SchemaUpdate schemaUpdate) {
    this.schemaUpdate = schemaUpdate;
    this.startupClient = startupClient;
    this.table = table;
    this.settings = settings;
    this.ledgerDirectory = ledgerDirectory;
    this.metrics = metrics;
    this.clock = clock;
    this.closer =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dataflow-bigquery-stream-closer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The writer of {@code table} with the adapter's settings; committed mode keeps its ledger in
   * {@code ledgerRoot/<project>.<dataset>.<table>}.
   */
  public static StorageWriteRowWriter create(
      String table,
      BigQueryConfig.Cloud settings,
      Path ledgerRoot,
      StorageWriteMetrics metrics,
      Clock clock,
      SchemaUpdate schemaUpdate) {
    GoogleClientOptions options =
        GoogleClientOptions.of(settings.project(), settings.host(), settings.startupTimeout());
    BigQuery startup = GoogleClients.bigQuery(options);
    String projectId = settings.project().orElse(startup.getOptions().getProjectId());
    TableId id = TableId.of(projectId, settings.dataset(), table);
    return new StorageWriteRowWriter(
        startup,
        id,
        settings,
        ledgerRoot.resolve(BigQueryTables.name(id)),
        metrics,
        clock,
        schemaUpdate);
  }

  @Override
  public synchronized void prepare(RowSchema schema) throws Exception {
    close();
    BigQueryTables.prepare(
        startupClient,
        table,
        settings.datasetLocation(),
        schema,
        settings.createTables(),
        schemaUpdate);
    messages = new RowMessages(schema);
    BigQueryConfig.StorageWrite storage = settings.storage();
    streams =
        WriteStreams.open(
            GoogleEndpoint.of(storage.host()),
            TableName.of(table.getProject(), table.getDataset(), table.getTable()),
            messages.protoSchema(),
            settings.startupTimeout(),
            settings.requestTimeout(),
            settings.datasetLocation());
    appends =
        storage.committed()
            ? new CommittedAppends(
                streams,
                new AppendLedger(ledgerDirectory, clock, storage.ledgerRetention()),
                metrics,
                clock,
                settings.requestTimeout(),
                storage.streamMaxRows(),
                storage.streamMaxAge(),
                closer)
            : new DefaultAppends(streams, metrics, settings.requestTimeout());
    appends.open();
    LOG.info(
        "Storage Write API, "
            + storage.mode()
            + " mode, to "
            + streams.table()
            + (storage.committed() ? "; append ledger in " + ledgerDirectory : ""));
  }

  @Override
  public WriteResult write(List<Row> rows) throws Exception {
    StreamAppends a;
    RowMessages m;
    synchronized (this) {
      a = appends;
      m = messages;
    }
    if (a == null) {
      throw new IllegalStateException(destination() + " is not prepared");
    }
    List<WriteResult.RecordFailure> failures = new ArrayList<>();
    List<StreamAppends.Item> items = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      try {
        items.add(new StreamAppends.Item(i, row.insertId(), m.serialize(row)));
      } catch (RowRejectedException e) {
        failures.add(new WriteResult.RecordFailure(i, e.reason(), e.getMessage()));
      }
    }
    if (!items.isEmpty()) {
      failures.addAll(a.append(items));
    }
    return failures.isEmpty() ? WriteResult.success() : WriteResult.rejected(failures);
  }

  /** The writer's metrics (also registered, when the stage has a registry). */
  public StorageWriteMetrics metrics() {
    return metrics;
  }

  /** Write streams held open. */
  public synchronized int openStreams() {
    return appends == null ? 0 : appends.openStreams();
  }

  @Override
  public String destination() {
    return "bigquery-storage-write("
        + settings.storage().mode()
        + "):"
        + BigQueryTables.name(table);
  }

  @Override
  public synchronized void close() {
    if (appends != null) {
      appends.close();
      appends = null;
    }
    if (streams != null) {
      streams.close();
      streams = null;
    }
  }
}
