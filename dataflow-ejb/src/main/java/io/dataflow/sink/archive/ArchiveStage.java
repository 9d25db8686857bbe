package io.dataflow.sink.archive;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.DataDirectory;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.sink.archive.adapter.GcsBlobStore;
import io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore;
import io.dataflow.sink.batch.BatchMetrics;
import io.dataflow.sink.batch.BatchingSinkRuntime;
import io.dataflow.sink.batch.RetryBackoff;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The archive sink ("icestore") in the container: consumes {@code enriched-archive} into the {@link
 * Archiver}, seals due groups on a schedule, publishes the metrics, answers the admin console, and
 * at shutdown stops intake and flushes every group before the application goes.
 */
@ApplicationScoped
@StageComponent(Stage.ARCHIVE)
public class ArchiveStage implements ArchiveControl {
  private static final Logger LOG = Logger.getLogger(ArchiveStage.class.getName());
  static final String STAGE = Stage.ARCHIVE.configName();

  @Inject Config config;
  @Inject ManagedThreads managedThreads;
  @Inject Heartbeats heartbeats;
  @Inject Clock clock;
  @Inject PipelineMetrics pipelineMetrics;
  @Inject DeadLetterSink deadLetters;
  @Inject DataDirectory dataDirectory;
  @Inject FaultTolerantUploads uploads;
  @Inject MetricRegistry registry;

  private Archiver archiver;
  private java.time.Duration shutdownTimeout;
  private StageMetrics metrics;
  private BatchingSinkRuntime runtime;

  /** Creates the bean at deployment rather than on the first message. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    LOG.fine("Archive stage started");
  }

  @PostConstruct
  void start() {
    ArchiveConfig settings = ArchiveConfig.read(config);
    BlobStore store = uploads.around(openStore(settings));
    shutdownTimeout = settings.shutdownTimeout();
    runtime =
        new BatchingSinkRuntime(
            STAGE, managedThreads, pipelineMetrics, registry, deadLetters, clock, heartbeats);
    metrics = runtime.stageMetrics();
    ArchiveStats stats = new ArchiveStats();
    archiver =
        new Archiver(
            settings,
            store,
            stats,
            runtime.settlement(),
            runtime.writes(),
            clock,
            RetryBackoff.Pause.SLEEP,
            runtime.batchMetrics());
    runtime.start(archiver.batcher(), settings.sealPeriod());
    registerGauges(pipelineMetrics, stats);
    LOG.info(
        "Archive sink started: objects go to "
            + store.describe()
            + ", key template "
            + settings.template().template()
            + ", "
            + settings.limits()
            + ", "
            + settings.bounds());
  }

  @Incoming("enriched-archive")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public CompletionStage<Void> archive(Message<Envelope> message) {
    metrics.received();
    return archiver.accept(message);
  }

  /** The adapter of the settings: GCS, or the local directory under the data directory. */
  private BlobStore openStore(ArchiveConfig settings) {
    if (settings.gcs().isPresent()) {
      return GcsBlobStore.open(settings.gcs().get());
    }
    try {
      return new LocalDirectoryBlobStore(dataDirectory.resolve("archive"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the local archive directory", e);
    }
  }

  @Override
  public List<PendingGroup> pendingGroups() {
    return archiver.pendingGroups();
  }

  @Override
  public boolean flush(String groupKey, String requestedBy) {
    return archiver.flush(groupKey, requestedBy);
  }

  @Override
  public int flushAll(String requestedBy) {
    return archiver.flushAll(requestedBy);
  }

  @PreDestroy
  void stop() {
    runtime.stop(archiver::shutdown, shutdownTimeout);
  }

  /**
   * The archive's own gauges. Pending records, pending memory, open groups, the oldest pending age,
   * batch sizes and the upload latency (a timer, retries included) are the shared {@link
   * BatchMetrics} tagged {@code sink=archive}.
   */
  static void registerGauges(PipelineMetrics m, ArchiveStats stats) {
    String objects = "dataflow.archive.objects";
    String objectsHelp = "Archive objects stored, by outcome (monotonic)";
    m.gauge(
        objects,
        objectsHelp,
        MetricUnits.NONE,
        stats::objectsWritten,
        new Tag("outcome", "written"));
    m.gauge(
        objects,
        objectsHelp,
        MetricUnits.NONE,
        stats::objectsAlreadyStored,
        new Tag("outcome", "already_stored"));
    m.gauge(
        "dataflow.archive.bytes.written",
        "Compressed bytes of the archive objects written (monotonic)",
        MetricUnits.BYTES,
        stats::bytesWritten);
    m.gauge(
        "dataflow.archive.upload.retries",
        "Failed upload attempts, each retried (monotonic)",
        MetricUnits.NONE,
        stats::retries);
  }
}
