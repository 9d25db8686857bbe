package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.batch.Batch;
import io.dataflow.sink.batch.BatchListener;
import io.dataflow.sink.batch.BatcherClosedException;
import io.dataflow.sink.batch.BatcherStats;
import io.dataflow.sink.batch.GroupSnapshot;
import io.dataflow.sink.batch.KeyedBatcher;
import io.dataflow.sink.batch.RetryBackoff;
import io.dataflow.sink.batch.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The archive sink without its container wiring: envelopes are keyed by the {@link
 * ArchiveKeyTemplate}, compressed per group by {@link GzipJsonlAccumulator} in the shared {@link
 * KeyedBatcher}, and each sealed batch is stored as one object by {@link ArchiveUploader}; messages
 * are acked only once their object is stored. Thread-safe.
 */
public final class Archiver {
  private static final Logger LOG = Logger.getLogger(Archiver.class.getName());
  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  private final ArchiveKeyTemplate template;
  private final KeyedBatcher<ArchiveGroupKey, ArchiveRecord, GzipJsonlAccumulator> batcher;
  private final ArchiveUploader uploader;
  private final Settlement settlement;
  private final Clock clock;
  private final Set<Batch<?, ?>> sealedBatches = ConcurrentHashMap.newKeySet();

  /**
   * @param pause how the uploader waits between tries ({@link RetryBackoff.Pause#SLEEP})
   * @param metrics also told of every sealed, written and failed batch (the shared {@code
   *     BatchMetrics}, or {@link BatchListener#NONE})
   */
  public Archiver(
      ArchiveConfig config,
      BlobStore store,
      ArchiveStats stats,
      Settlement settlement,
      Executor uploads,
      Clock clock,
      RetryBackoff.Pause pause,
      BatchListener metrics) {
    this.template = config.template();
    this.settlement = settlement;
    this.clock = clock;
    this.uploader =
        new ArchiveUploader(new MeteredBlobStore(store, stats), config.backoff(), pause, clock);
    this.batcher =
        KeyedBatcher.builder(GzipJsonlAccumulator.factory(), uploader)
            .limits(config.limits())
            .bounds(config.bounds())
            .settlement(settlement)
            .executor(uploads)
            .clock(clock)
            .listener(new SealedBatches(metrics))
            .build();
  }

  /**
   * Takes a message into its group. Blocks while the pending bounds are reached (backpressure). The
   * returned stage completes once the message is accepted; the message itself is acked after its
   * object is stored, nacked when the sink is shutting down, and dead-lettered when it cannot be
   * encoded.
   */
  public CompletionStage<Void> accept(Message<Envelope> message) {
    ArchiveRecord record;
    ArchiveGroupKey key;
    try {
      key = template.keyOf(message.getPayload());
      record = ArchiveRecord.of(message.getPayload());
    } catch (RuntimeException e) {
      return settlement.deadLetter(message, "archive-encode", e.toString());
    }
    try {
      batcher.add(key, record, record.rawBytes(), message);
    } catch (BatcherClosedException e) {
      settlement.nack(message, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settlement.nack(message, e);
    } catch (RuntimeException e) {
      return settlement.deadLetter(message, "archive-encode", e.toString());
    }
    return DONE;
  }

  /** Seals the groups whose age or idle deadline has passed; the scheduler calls this. */
  public int sealDue() {
    return batcher.sealDue();
  }

  public KeyedBatcher<ArchiveGroupKey, ArchiveRecord, GzipJsonlAccumulator> batcher() {
    return batcher;
  }

  /** Open groups (with the time limit that seals them next) and sealed batches not yet stored. */
  public List<PendingGroup> pendingGroups() {
    List<PendingGroup> groups = new ArrayList<>();
    for (GroupSnapshot<ArchiveGroupKey> g : batcher.pendingGroups()) {
      groups.add(
          new PendingGroup(
              g.key().value(),
              g.records(),
              g.rawBytes(),
              g.bufferedBytes(),
              g.oldestRecordAt(),
              g.nextSealReason().label(),
              g.sealsAt(),
              g.held()));
    }
    for (Batch<?, ?> b : sealedBatches) {
      groups.add(
          new PendingGroup(
              b.key().toString(),
              b.records(),
              b.rawBytes(),
              b.bufferedBytes(),
              b.firstAt(),
              "sealed:" + b.reason().label(),
              b.sealedAt(),
              false));
    }
    return groups;
  }

  /** Seals one group now, logging who asked; false when no such group is open. */
  public boolean flush(String key, String requestedBy) {
    boolean sealed;
    try {
      sealed = batcher.flush(new ArchiveGroupKey(key));
    } catch (IllegalArgumentException e) {
      sealed = false;
    }
    LOG.info(
        "Archive flush of group '"
            + key
            + "' requested by "
            + who(requestedBy)
            + ": "
            + (sealed ? "sealed, uploading" : "no such open group"));
    return sealed;
  }

  /** The dead-letter reason of records an operator dropped. */
  public static final String OPERATOR_DROP = "operator-drop";

  /** Holds one open group, logging who asked; false when no such group is open. */
  public boolean hold(String key, String requestedBy) {
    boolean held = key(key).map(batcher::hold).orElse(false);
    LOG.info(
        "Archive hold of group '"
            + key
            + "' requested by "
            + who(requestedBy)
            + ": "
            + (held ? "held, it seals only when released or at its bounds" : "no such open group"));
    return held;
  }

  /** Ends the hold of a group, logging who asked; false when it was not held. */
  public boolean release(String key, String requestedBy) {
    boolean released = key(key).map(batcher::release).orElse(false);
    LOG.info(
        "Archive release of group '"
            + key
            + "' requested by "
            + who(requestedBy)
            + ": "
            + (released ? "released" : "it was not held"));
    return released;
  }

  /**
   * Drops one open group: its records go to the dead letter with reason {@value #OPERATOR_DROP},
   * from where they can be replayed into this sink.
   *
   * @return records dropped; -1 when no such group is open
   */
  public int drop(String key, String requestedBy) {
    int dropped =
        key(key)
            .map(
                k ->
                    batcher.drop(
                        k,
                        OPERATOR_DROP,
                        "archive group " + key + " dropped by " + who(requestedBy)))
            .orElse(-1);
    LOG.warning(
        "Archive drop of group '"
            + key
            + "' requested by "
            + who(requestedBy)
            + ": "
            + (dropped < 0 ? "no such open group" : dropped + " records sent to the dead letter"));
    return dropped;
  }

  private static java.util.Optional<ArchiveGroupKey> key(String key) {
    try {
      return java.util.Optional.of(new ArchiveGroupKey(key));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** Seals every open group that is not held now, logging who asked; returns how many. */
  public int flushAll(String requestedBy) {
    int sealed = batcher.flushAll();
    LOG.info(
        "Archive flush of all groups requested by "
            + who(requestedBy)
            + ": "
            + sealed
            + " groups sealed, uploading");
    return sealed;
  }

  /**
   * Stops intake, seals every group and waits for every batch to be stored, all within a deadline
   * counted from now (a fresh one, not whatever was left of another). Messages of batches that
   * could not be stored by then are nacked, so the bus redelivers them.
   *
   * @return true when everything was stored in time
   */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    uploader.giveUpAt(clock.instant().plus(timeout));
    BatcherStats before = batcher.stats();
    LOG.info(
        "Archive sink stopping: flushing "
            + before.openGroups()
            + " open groups, "
            + before.pendingRecords()
            + " records pending");
    boolean drained = batcher.shutdown(timeout);
    if (!drained) {
      LOG.severe(
          "Archive sink: not every batch was stored within "
              + timeout
              + "; "
              + batcher.stats().pendingRecords()
              + " records are nacked for redelivery");
    }
    return drained;
  }

  private static String who(String requestedBy) {
    return requestedBy == null || requestedBy.isBlank() ? "(unknown)" : requestedBy;
  }

  /**
   * Keeps the sealed batches that are not yet stored, for {@link #pendingGroups()}. The batcher
   * reports a seal outside its lock, so another thread may write the batch before its seal is
   * reported: a batch finished before it was reported is remembered and not added.
   */
  private final class SealedBatches implements BatchListener {
    private final Set<Batch<?, ?>> finishedEarly = new HashSet<>();
    private final BatchListener next;

    SealedBatches(BatchListener next) {
      this.next = next;
    }

    @Override
    public void sealed(Batch<?, ?> batch) {
      synchronized (this) {
        if (!finishedEarly.remove(batch)) {
          sealedBatches.add(batch);
        }
      }
      next.sealed(batch);
    }

    @Override
    public void written(Batch<?, ?> batch, WriteResult result, Duration latency) {
      finished(batch);
      next.written(batch, result, latency);
    }

    @Override
    public void failed(Batch<?, ?> batch, Throwable error, Duration latency) {
      finished(batch);
      next.failed(batch, error, latency);
    }

    private synchronized void finished(Batch<?, ?> batch) {
      if (!sealedBatches.remove(batch)) {
        finishedEarly.add(batch);
      }
    }
  }
}
