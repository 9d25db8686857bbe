package io.dataflow.sink.archive;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.DataDirectory;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.MetricCatalog;
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
    runtime.start(archiver.batcher(), settings.sealPeriod(), settings.limits().maxAge());
    runtime.batchMetrics().failing(() -> stats.failingFor(java.time.Instant.now()));
    registerMetrics(pipelineMetrics, stats);
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
    long start = System.nanoTime();
    metrics.received();
    try {
      return archiver.accept(message);
    } finally {
      metrics.processed(start);
    }
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

  @Override
  public boolean hold(String groupKey, String requestedBy) {
    return archiver.hold(groupKey, requestedBy);
  }

  @Override
  public boolean release(String groupKey, String requestedBy) {
    return archiver.release(groupKey, requestedBy);
  }

  @Override
  public int drop(String groupKey, String requestedBy) {
    return archiver.drop(groupKey, requestedBy);
  }

  @PreDestroy
  void stop() {
    runtime.stop(archiver::shutdown, shutdownTimeout);
  }

  /**
   * The archive's own counters: objects stored, bytes written, upload retries. Pending records,
   * pending memory, open groups, the oldest pending age, batch sizes and the upload duration (a
   * timer, retries included) are the shared {@link BatchMetrics} tagged {@code sink=archive}.
   */
  static void registerMetrics(PipelineMetrics m, ArchiveStats stats) {
    m.bind(stats.objectsWritten, MetricCatalog.ARCHIVE_OBJECTS, new Tag("outcome", "written"));
    m.bind(
        stats.objectsAlreadyStored,
        MetricCatalog.ARCHIVE_OBJECTS,
        new Tag("outcome", "already_stored"));
    m.bind(stats.bytesWritten, MetricCatalog.ARCHIVE_WRITTEN_BYTES);
    m.bind(stats.failedAttempts, MetricCatalog.ARCHIVE_UPLOAD_RETRIES);
    stats.uploads = m.timer(MetricCatalog.ARCHIVE_UPLOAD);
  }
}
