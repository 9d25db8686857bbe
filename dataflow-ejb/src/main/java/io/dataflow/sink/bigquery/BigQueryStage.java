package io.dataflow.sink.bigquery;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.DataDirectory;
import io.dataflow.config.NamedBeans;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherStats;
import io.dataflow.sink.batch.BatchingSinkRuntime;
import io.dataflow.sink.batch.KeyedBatcher;
import io.dataflow.sink.batch.ListBuffer;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.bigquery.adapter.BigQueryRowWriter;
import io.dataflow.sink.bigquery.adapter.H2RowWriter;
import io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteMetrics;
import io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteRowWriter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The BigQuery stage: consumes channel {@code enriched-bigquery} into the {@link RowStreamer},
 * built at deployment from the settings (so a bad setting fails start-up), and flushes every open
 * batch on shutdown before the writer closes.
 */
@ApplicationScoped
@StageComponent(Stage.BIGQUERY)
public class BigQueryStage {
  static final String STAGE = Stage.BIGQUERY.configName();

  /** Where committed mode keeps its append ledger, under the data directory. */
  public static final String LEDGER_DIRECTORY = "bigquery-ledger";

  /** Where the embedded store keeps its database file, under the data directory. */
  public static final String WAREHOUSE_DIRECTORY = "warehouse";

  private static final Logger LOG = Logger.getLogger(BigQueryStage.class.getName());

  @Inject Config config;
  @Inject ManagedThreads managedThreads;
  @Inject Heartbeats heartbeats;
  @Inject Clock clock;
  @Inject DataDirectory dataDirectory;
  @Inject DeadLetterSink deadLetters;
  @Inject PipelineMetrics metrics;
  @Inject MetricRegistry registry;
  @Inject FaultTolerantRowWriter retrying;
  @Inject @Any Instance<RowTransformer> transformers;

  private RowWriter writer;
  private RowBatchWriter rows;
  private WriterHealth health;
  private RowStreamer sink;
  private BatchingSinkRuntime runtime;
  private BigQueryConfig settings;

  /** Creates the bean at deployment rather than on the first message. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    LOG.fine("BigQuery stage started");
  }

  @PostConstruct
  void start() {
    settings = BigQueryConfig.read(config);
    RowTransformer transformer = transformer();
    writer = createWriter();
    health = new WriterHealth(clock);
    rows =
        new RowBatchWriter(
            writer,
            transformer.schema(),
            retrying,
            health,
            settings.backoff(),
            RetryBackoff.Pause.SLEEP,
            clock);
    rows.prepare();
    runtime =
        new BatchingSinkRuntime(
            STAGE, managedThreads, metrics, registry, deadLetters, clock, heartbeats);
    BatchLimits limits = settings.limits();
    KeyedBatcher<String, Row, ListBuffer<Row>> batcher =
        KeyedBatcher.builder(rows)
            .limits(limits)
            .bounds(settings.bounds())
            .settlement(runtime.settlement())
            .executor(runtime.writes())
            .clock(clock)
            .listener(runtime.batchMetrics())
            .build();
    String table = settings.table();
    sink =
        new RowStreamer(
            transformer,
            batcher,
            runtime.settlement(),
            runtime.stageMetrics(),
            limits.maxBytes(),
            table);
    runtime.start(batcher, settings.sealInterval(), limits.maxAge());
    runtime.batchMetrics().failing(() -> health.failingFor().orElse(Duration.ZERO));
    runtime.batchMetrics().unhealthyAfter(settings.unhealthyAfter());
  }

  @PreDestroy
  void stop() {
    try {
      rows.giveUpAt(clock.instant().plus(settings.shutdownTimeout()));
      runtime.stop(sink.batcher()::shutdown, settings.shutdownTimeout());
    } finally {
      writer.close();
    }
  }

  @Incoming("enriched-bigquery")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public CompletionStage<Void> consume(Message<Envelope> message) {
    return sink.accept(message);
  }

  public BatcherStats stats() {
    return sink.batcher().stats();
  }

  public Duration oldestPendingAge() {
    return sink.batcher().oldestPendingAge();
  }

  public WriterHealth health() {
    return health;
  }

  public String destination() {
    return writer.destination();
  }

  private RowTransformer transformer() {
    return NamedBeans.select(
        transformers, BigQuerySettings.TRANSFORMER, config, RowTransformer.class);
  }

  private RowWriter createWriter() {
    return createWriter(
        settings, dataDirectory::resolve, mode -> new StorageWriteMetrics(metrics, mode), clock);
  }

  /**
   * The writer the settings choose: {@code bigquery} (insertAll), {@code storage-write} (Storage
   * Write API, in the settings' mode) or else the embedded store; each with the settings'
   * schema-update policy. Nothing is connected before {@link RowWriter#prepare}.
   *
   * @param dataDirectory a sub-directory of the data directory, created if missing: {@value
   *     #WAREHOUSE_DIRECTORY} for the embedded store, {@value #LEDGER_DIRECTORY} for the ledgers
   * @param storageMetrics the Storage Write metrics of a mode
   */
  static RowWriter createWriter(
      BigQueryConfig settings,
      Function<String, Path> dataDirectory,
      Function<String, StorageWriteMetrics> storageMetrics,
      Clock clock) {
    if (settings.toBigQuery()) {
      return BigQueryRowWriter.create(settings.table(), settings.cloud(), settings.schemaUpdate());
    }
    if (settings.toStorageWrite()) {
      return StorageWriteRowWriter.create(
          settings.table(),
          settings.cloud(),
          dataDirectory.apply(LEDGER_DIRECTORY),
          storageMetrics.apply(settings.cloud().storage().mode()),
          clock,
          settings.schemaUpdate());
    }
    return new H2RowWriter(
        dataDirectory.apply(WAREHOUSE_DIRECTORY), settings.table(), settings.schemaUpdate());
  }

  /** The settings this stage was started with. */
  public BigQueryConfig settings() {
    return settings;
  }
}
