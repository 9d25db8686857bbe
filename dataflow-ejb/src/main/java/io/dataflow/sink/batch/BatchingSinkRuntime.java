package io.dataflow.sink.batch;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.concurrent.TrackedExecutor;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * What both batching sinks run on, so that their stage beans differ only in what they write: the
 * write executor, the sealer that closes due groups on a schedule, the stage's metrics, batch
 * metrics and settlement, and the order of a graceful stop (sealing off, every group flushed within
 * the timeout, the executors shut down).
 *
 * <p>A stage creates it in {@code @PostConstruct}, builds its batcher with {@link #writes()},
 * {@link #settlement()} and {@link #batchMetrics()}, calls {@link #start}, and calls {@link #stop}
 * in {@code @PreDestroy}.
 *
 * <p>Both are watched for {@code /health/live} ({@link Heartbeats}): the sealer as {@code
 * <stage>-sealer}, due to run every seal period and dead once its schedule ended, and the write
 * pool as {@code <stage>-writes}, stalled when a write has made no progress (no attempt started,
 * see {@link WriteRetries}) for longer than the limit, and dead once it refuses work.
 */
public final class BatchingSinkRuntime {
  private static final Logger LOG = Logger.getLogger(BatchingSinkRuntime.class.getName());

  /** Flushes every group; true when everything was written in time. */
  @FunctionalInterface
  public interface Flush {
    boolean flush(Duration timeout) throws InterruptedException;
  }

  private final String stage;
  private final StageMetrics stageMetrics;
  private final BatchMetrics batchMetrics;
  private final Settlement settlement;
  private final Heartbeats heartbeats;
  private final TrackedExecutor writes;
  private final ScheduledExecutorService sealer;
  private ScheduledFuture<?> sealing;
  private Heartbeat sealerHeartbeat;

  public BatchingSinkRuntime(
      String stage,
      ManagedThreads threads,
      PipelineMetrics metrics,
      MetricRegistry registry,
      DeadLetterSink deadLetters,
      Clock clock,
      Heartbeats heartbeats) {
    this.stage = stage;
    this.heartbeats = heartbeats;
    ThreadFactory factory = threads.factory(stage);
    this.writes = heartbeats.track(stage + "-writes", Executors.newCachedThreadPool(factory));
    this.sealer = Executors.newSingleThreadScheduledExecutor(factory);
    this.stageMetrics = metrics.stage(stage);
    this.batchMetrics = new BatchMetrics(stage, metrics, registry);
    this.settlement = new Settlement(stage, deadLetters, stageMetrics, clock);
  }

  public String stage() {
    return stage;
  }

  /** Where sealed batches are written; the batcher bounds how many at once. */
  public Executor writes() {
    return writes;
  }

  public StageMetrics stageMetrics() {
    return stageMetrics;
  }

  public BatchMetrics batchMetrics() {
    return batchMetrics;
  }

  public Settlement settlement() {
    return settlement;
  }

  /**
   * Starts sealing due groups every {@code sealPeriod} and publishes the batcher's gauges, with the
   * configured {@code maxBatchAge}.
   */
  public void start(KeyedBatcher<?, ?, ?> batcher, Duration sealPeriod, Duration maxBatchAge) {
    batchMetrics.watch(batcher, maxBatchAge);
    // Due every seal period: always has work, so a sealer that stops running stalls.
    sealerHeartbeat = heartbeats.register(stage + "-sealer", () -> true);
    ScheduledFuture<?> scheduled = batcher.scheduleSealing(sealer, sealPeriod, sealerHeartbeat);
    sealing = scheduled;
    sealerHeartbeat.whileRunning(() -> !scheduled.isDone());
  }

  /**
   * The graceful stop: no more sealing by schedule, then {@code flush} writes every group within
   * {@code timeout} (what is not written by then is nacked, so the bus redelivers it), then the
   * executors stop.
   */
  public void stop(Flush flush, Duration timeout) {
    if (sealerHeartbeat != null) {
      sealerHeartbeat.close();
    }
    writes.close();
    if (sealing != null) {
      sealing.cancel(false);
    }
    sealer.shutdownNow();
    try {
      if (!flush.flush(timeout)) {
        LOG.warning(stage + ": some batches were not written within " + timeout + "; redelivered");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warning(stage + ": interrupted while flushing at shutdown");
    } finally {
      writes.pool().shutdown();
      try {
        writes.pool().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writes.pool().shutdownNow();
    }
  }
}
