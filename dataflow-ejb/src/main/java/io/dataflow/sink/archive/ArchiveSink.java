package io.dataflow.sink.archive;

import io.dataflow.admin.ArchiveAdmin;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.sink.batch.Settlement;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
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
public class ArchiveSink implements ArchiveAdmin {
  private static final Logger LOG = Logger.getLogger(ArchiveSink.class.getName());
  static final String STAGE = "archive";

  @Inject Config config;
  @Inject Clock clock;
  @Inject PipelineMetrics pipelineMetrics;
  @Inject DeadLetterSink deadLetters;
  @Inject RetryingBlobStore store;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory managedThreads;

  private Archiver archiver;
  private StageMetrics metrics;
  private ExecutorService uploads;
  private ScheduledExecutorService sealer;

  @PostConstruct
  void start() {
    ArchiveConfig settings = ArchiveConfig.read(config);
    ThreadFactory threads =
        managedThreads != null ? managedThreads : Executors.defaultThreadFactory();
    metrics = pipelineMetrics.stage(STAGE);
    uploads = Executors.newCachedThreadPool(threads);
    sealer = Executors.newSingleThreadScheduledExecutor(threads);
    ArchiveStats stats = new ArchiveStats();
    archiver =
        new Archiver(
            settings,
            store,
            stats,
            new Settlement(STAGE, deadLetters, metrics, clock),
            uploads,
            clock,
            RetryBackoff.Pause.SLEEP);
    archiver.batcher().scheduleSealing(sealer, settings.sealPeriod());
    ArchiveGauges.register(pipelineMetrics, archiver.batcher(), stats);
    LOG.info(
        "Archive sink started: key template "
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
    sealer.shutdownNow();
    try {
      archiver.shutdown(ArchiveConfig.read(config).shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warning("Archive sink: interrupted while flushing at shutdown");
    } finally {
      uploads.shutdown();
      try {
        uploads.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      uploads.shutdownNow();
    }
  }

  /** The gauges of the archive sink. */
  static final class ArchiveGauges {
    private ArchiveGauges() {}

    static void register(
        PipelineMetrics m, io.dataflow.sink.batch.KeyedBatcher<?, ?> batcher, ArchiveStats stats) {
      m.gauge(
          "dataflow.archive.objects",
          "Archive objects stored, by outcome (monotonic)",
          MetricUnits.NONE,
          stats::objectsWritten,
          new Tag("outcome", "written"));
      m.gauge(
          "dataflow.archive.objects",
          "Archive objects stored, by outcome (monotonic)",
          MetricUnits.NONE,
          stats::objectsAlreadyStored,
          new Tag("outcome", "already_stored"));
      m.gauge(
          "dataflow.archive.bytes.written",
          "Compressed bytes of the archive objects written (monotonic)",
          MetricUnits.BYTES,
          stats::bytesWritten);
      m.gauge(
          "dataflow.archive.records.pending",
          "Records in open, sealed or uploading archive batches, not yet acked",
          MetricUnits.NONE,
          () -> batcher.stats().pendingRecords());
      m.gauge(
          "dataflow.archive.pending.memory",
          "Memory held by pending archive batches (compressed bytes)",
          MetricUnits.BYTES,
          () -> batcher.stats().pendingBytes());
      m.gauge(
          "dataflow.archive.groups.open",
          "Archive groups open",
          MetricUnits.NONE,
          () -> batcher.stats().openGroups());
      m.gauge(
          "dataflow.archive.oldest.pending.age",
          "Age of the oldest record not yet stored",
          MetricUnits.SECONDS,
          () -> batcher.oldestPendingAge().toMillis() / 1000.0);
      m.gauge(
          "dataflow.archive.upload.latency",
          "Time to store one batch, retries included",
          MetricUnits.SECONDS,
          stats::meanUploadSeconds,
          new Tag("stat", "mean"));
      m.gauge(
          "dataflow.archive.upload.latency",
          "Time to store one batch, retries included",
          MetricUnits.SECONDS,
          stats::maxUploadSeconds,
          new Tag("stat", "max"));
      m.gauge(
          "dataflow.archive.upload.retries",
          "Failed upload attempts, each retried (monotonic)",
          MetricUnits.NONE,
          stats::retries);
    }
  }
}
