package io.dataflow.sink.batch;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.envelope.Envelope;
import io.dataflow.pipeline.Settlement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Groups records by key into batches and writes the sealed batches in parallel.
 *
 * <p>Each open group is sealed by whichever of its own limits ({@link BatchLimits}) comes first.
 * Count and byte limits seal on {@link #add}; age and idle limits seal on {@link #sealDue()}, which
 * a scheduler calls every few hundred milliseconds ({@link #scheduleSealing}) and tests call with a
 * fake clock. Deadlines belong to the group, so a quiet group seals on time while others are busy.
 *
 * <p>An operator may hold a group ({@link #hold}): it is not sealed by its age or idle deadline
 * (nor by {@link #flushAll}), and its records stay pending and unacked, until {@link #release} (an
 * overdue group then seals at the next {@link #sealDue()}). A hold stays within the batcher's
 * bounds: a held group that reaches its own count or byte limit, or that has to make room when the
 * pending or open-group bound is reached and no group that is not held can, is sealed anyway, and
 * the hold ends with a warning ({@link #holdsEnded()}): a hold never blocks the other groups for
 * ever. {@link #drop} removes an open group and sends each of its records to the dead letter.
 *
 * <p>Sealed batches are written by the {@link BatchWriter} on the write executor, at most {@link
 * BatcherBounds#maxConcurrentWrites()} at once, then settled by {@link Settlement}. Records count
 * as pending until their batch is written; {@link #add} blocks while a pending bound is reached.
 *
 * @param <K> the group key type
 * @param <R> the record type
 * @param <B> the buffer type, handed to the {@link BatchWriter} as it is (no cast)
 */
public final class KeyedBatcher<K, R, B extends BatchBuffer<R>> {
  private static final Logger LOG = Logger.getLogger(KeyedBatcher.class.getName());

  private final BatchLimits limits;
  private final BatcherBounds bounds;
  private final BatchBuffer.Factory<K, B> buffers;
  private final BatchWriter<K, B> writer;
  private final Settlement settlement;
  private final Executor executor;
  private final Clock clock;
  private final BatchListener listener;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final Map<K, OpenGroup<K, R, B>> open = new LinkedHashMap<>();
  private final Set<K> held = new HashSet<>();
  private long holdsEnded;
  private final Deque<Batch<K, B>> sealed = new ArrayDeque<>();
  private final List<Batch<K, B>> writing = new ArrayList<>();
  private long pendingRecords;
  private long pendingBytes;
  private boolean closed;

  KeyedBatcher(BatcherBuilder<K, R, B> b) {
    this.limits = Objects.requireNonNull(b.limits, "limits");
    this.bounds = Objects.requireNonNull(b.bounds, "bounds");
    this.buffers = Objects.requireNonNull(b.buffers, "buffers");
    this.writer = Objects.requireNonNull(b.writer, "writer");
    this.settlement = Objects.requireNonNull(b.settlement, "settlement");
    this.executor = Objects.requireNonNull(b.executor, "executor");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.listener = Objects.requireNonNull(b.listener, "listener");
  }

  /** A batcher whose groups accumulate in the buffers {@code buffers} makes. */
  public static <K, R, B extends BatchBuffer<R>> BatcherBuilder<K, R, B> builder(
      BatchBuffer.Factory<K, B> buffers, BatchWriter<K, B> writer) {
    return new BatcherBuilder<>(buffers, writer);
  }

  /** A batcher whose groups keep their records as they are, in a {@link ListBuffer}. */
  public static <K, R> BatcherBuilder<K, R, ListBuffer<R>> builder(
      BatchWriter<K, ListBuffer<R>> writer) {
    return builder(ListBuffer.factory(), writer);
  }

  /**
   * Adds a record to its group; the message is settled once the batch is written. Blocks while a
   * pending bound is reached (backpressure).
   *
   * @throws BatcherClosedException when the batcher is shut down; the caller settles the message
   * @throws InterruptedException when interrupted while waiting for room
   * @throws RuntimeException what the buffer threw; the record was not added
   */
  public void add(K key, R record, long bytes, Message<Envelope> message)
      throws InterruptedException {
    List<Batch<K, B>> ready = new ArrayList<>();
    lock.lock();
    try {
      awaitRoom();
      Instant now = clock.instant();
      OpenGroup<K, R, B> group = open.get(key);
      if (group != null && group.rawBytes + bytes > limits.maxBytes()) {
        ready.add(sealLocked(group, SealReason.BYTES, now));
        group = null;
      }
      if (group == null) {
        if (open.size() >= bounds.maxOpenGroups()) {
          ready.add(sealLocked(oldestOpen(), SealReason.GROUPS, now));
        }
        group = new OpenGroup<>(key, buffers.create(key), now);
      }
      long before = group.buffer.bufferedBytes();
      group.buffer.add(record, bytes);
      open.putIfAbsent(key, group);
      group.added(message, bytes, now);
      pendingRecords++;
      pendingBytes += group.buffer.bufferedBytes() - before;
      if (group.records() >= limits.maxRecords()) {
        ready.add(sealLocked(group, SealReason.COUNT, now));
      } else if (group.rawBytes >= limits.maxBytes()) {
        ready.add(sealLocked(group, SealReason.BYTES, now));
      }
    } finally {
      lock.unlock();
      launch(ready);
    }
  }

  /** Blocks until the pending bounds leave room; seals the oldest group if nothing else will. */
  private void awaitRoom() throws InterruptedException {
    while (true) {
      if (closed) {
        throw new BatcherClosedException();
      }
      if (pendingRecords < bounds.maxPendingRecords() && pendingBytes < bounds.maxPendingBytes()) {
        return;
      }
      if (sealed.isEmpty() && writing.isEmpty() && !open.isEmpty()) {
        // Everything pending sits in open groups: no write will free room, so make one.
        Batch<K, B> batch = sealLocked(oldestOpen(), SealReason.PENDING, clock.instant());
        lock.unlock();
        try {
          launch(List.of(batch));
        } finally {
          lock.lock();
        }
        continue;
      }
      room.await();
    }
  }

  /**
   * Seals every group whose age or idle deadline has passed.
   *
   * @return how many groups were sealed
   */
  public int sealDue() {
    List<Batch<K, B>> ready = new ArrayList<>();
    lock.lock();
    try {
      Instant now = clock.instant();
      for (OpenGroup<K, R, B> g : List.copyOf(open.values())) {
        if (!held.contains(g.key) && !g.deadline(limits).isAfter(now)) {
          ready.add(sealLocked(g, g.nextTimeReason(limits), now));
        }
      }
    } finally {
      lock.unlock();
      launch(ready);
    }
    return ready.size();
  }

  /**
   * Calls {@link #sealDue()} every {@code period} until the returned future is cancelled. Each run
   * that completes beats {@code heartbeat}; one that fails does not (it is logged and tried again),
   * and an {@link Error}, which ends the schedule, reports the sealer dead.
   */
  public ScheduledFuture<?> scheduleSealing(
      ScheduledExecutorService scheduler, Duration period, Heartbeat heartbeat) {
    long ms = Math.max(1, period.toMillis());
    return scheduler.scheduleAtFixedRate(
        () -> {
          try {
            sealDue();
            heartbeat.beat();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, settlement.stage() + ": sealing due groups failed", e);
          } catch (Error e) {
            LOG.log(Level.SEVERE, settlement.stage() + ": the sealer stopped", e);
            heartbeat.died("the sealer stopped: " + e);
            throw e;
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /** Seals one group now; false when no such group is open. */
  public boolean flush(K key) {
    List<Batch<K, B>> ready = new ArrayList<>();
    lock.lock();
    try {
      OpenGroup<K, R, B> g = open.get(key);
      if (g != null) {
        ready.add(sealLocked(g, SealReason.FLUSH, clock.instant()));
      }
    } finally {
      lock.unlock();
      launch(ready);
    }
    return !ready.isEmpty();
  }

  /** Seals every open group that is not held now; returns how many. */
  public int flushAll() {
    List<Batch<K, B>> ready = new ArrayList<>();
    lock.lock();
    try {
      Instant now = clock.instant();
      for (OpenGroup<K, R, B> g : List.copyOf(open.values())) {
        if (!held.contains(g.key)) {
          ready.add(sealLocked(g, SealReason.FLUSH, now));
        }
      }
    } finally {
      lock.unlock();
      launch(ready);
    }
    return ready.size();
  }

  /**
   * Holds an open group: no age or idle deadline seals it until {@link #release}; see the class
   * comment for the bounds.
   *
   * @return false when no such group is open
   */
  public boolean hold(K key) {
    lock.lock();
    try {
      if (!open.containsKey(key)) {
        return false;
      }
      held.add(key);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the hold of a group; its deadlines apply again from the next {@link #sealDue()}.
   *
   * @return false when the group was not held
   */
  public boolean release(K key) {
    lock.lock();
    try {
      return held.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Whether a group is held. */
  public boolean isHeld(K key) {
    lock.lock();
    try {
      return held.contains(key);
    } finally {
      lock.unlock();
    }
  }

  /** Holds that ended because the held group reached a bound (see the class comment). */
  public long holdsEnded() {
    lock.lock();
    try {
      return holdsEnded;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes an open group (held or not) and sends each of its records' envelopes to the dead letter
   * with {@code reason} and {@code error}; each message is acked once its dead letter is accepted
   * (nacked, so redelivered, when it is refused). Nothing is deleted silently.
   *
   * @return the records dropped; -1 when no such group is open
   */
  public int drop(K key, String reason, String error) {
    OpenGroup<K, R, B> g;
    lock.lock();
    try {
      g = open.remove(key);
      held.remove(key);
      if (g == null) {
        return -1;
      }
      pendingRecords -= g.records();
      pendingBytes -= g.buffer.bufferedBytes();
      room.signalAll();
    } finally {
      lock.unlock();
    }
    for (Message<Envelope> m : g.messages) {
      settlement.deadLetter(m, m.getPayload(), reason, error);
    }
    return g.records();
  }

  /**
   * Stops intake (later and blocked {@code add} calls throw {@link BatcherClosedException}), seals
   * every group and waits for all batches to be written and settled.
   *
   * @param timeout how long to wait, counted from now
   * @return true when everything was written in time
   */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      closed = true;
      room.signalAll();
    } finally {
      lock.unlock();
    }
    sealAll(SealReason.SHUTDOWN);
    return awaitDrained(timeout);
  }

  /** Waits until no sealed batch is waiting or being written; true when that happened in time. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!sealed.isEmpty() || !writing.isEmpty()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = drained.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private int sealAll(SealReason reason) {
    List<Batch<K, B>> ready = new ArrayList<>();
    lock.lock();
    try {
      Instant now = clock.instant();
      for (OpenGroup<K, R, B> g : List.copyOf(open.values())) {
        ready.add(sealLocked(g, reason, now));
      }
    } finally {
      lock.unlock();
      launch(ready);
    }
    return ready.size();
  }

  /** The oldest group that is not held; the oldest held one only when every group is held. */
  private OpenGroup<K, R, B> oldestOpen() {
    Comparator<OpenGroup<K, R, B>> byAge = Comparator.comparing(g -> g.firstAt);
    return open.values().stream()
        .filter(g -> !held.contains(g.key))
        .min(byAge)
        .orElseGet(() -> open.values().stream().min(byAge).orElseThrow());
  }

  private Batch<K, B> sealLocked(OpenGroup<K, R, B> group, SealReason reason, Instant now) {
    if (held.remove(group.key) && reason != SealReason.FLUSH && reason != SealReason.SHUTDOWN) {
      holdsEnded++;
      LOG.warning(
          settlement.stage()
              + ": held group "
              + group.key
              + " reached the "
              + reason.label()
              + " bound with "
              + group.records()
              + " records; sealed, and its hold ended");
    }
    open.remove(group.key, group);
    Batch<K, B> batch = group.seal(reason, now);
    sealed.addLast(batch);
    return batch;
  }

  /** Reports the sealed batches and starts as many queued writes as the bound allows. */
  private void launch(List<Batch<K, B>> newlySealed) {
    for (Batch<K, B> b : newlySealed) {
      listener.sealed(b);
    }
    List<Batch<K, B>> start = new ArrayList<>();
    lock.lock();
    try {
      while (!sealed.isEmpty() && writing.size() < bounds.maxConcurrentWrites()) {
        Batch<K, B> b = sealed.pollFirst();
        writing.add(b);
        start.add(b);
      }
    } finally {
      lock.unlock();
    }
    for (Batch<K, B> b : start) {
      try {
        executor.execute(() -> write(b));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.WARNING, settlement.stage() + ": write executor refused " + b, e);
        finished(b, null, e, 0);
      }
    }
  }

  private void write(Batch<K, B> batch) {
    long start = System.nanoTime();
    WriteResult result = null;
    Throwable error = null;
    try {
      batch.buffer().seal();
      result = writer.write(batch);
    } catch (Exception | LinkageError e) {
      error = e;
    }
    finished(batch, result, error, System.nanoTime() - start);
  }

  private void finished(Batch<K, B> batch, WriteResult result, Throwable error, long nanos) {
    try {
      Duration latency = Duration.ofNanos(nanos);
      if (error == null) {
        (result == null ? WriteResult.success() : result).settle(batch.messages(), settlement);
        listener.written(batch, result == null ? WriteResult.success() : result, latency);
      } else {
        LOG.log(
            Level.WARNING, settlement.stage() + ": writing " + batch + " failed; nacking", error);
        settlement.nackAll(batch.messages(), error);
        listener.failed(batch, error, latency);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, settlement.stage() + ": settling " + batch + " failed", e);
    } finally {
      lock.lock();
      try {
        writing.remove(batch);
        pendingRecords -= batch.records();
        pendingBytes -= batch.bufferedBytes();
        room.signalAll();
        if (sealed.isEmpty() && writing.isEmpty()) {
          drained.signalAll();
        }
      } finally {
        lock.unlock();
      }
      launch(List.of());
    }
  }

  /** The open groups, oldest first. */
  public List<GroupSnapshot<K>> pendingGroups() {
    lock.lock();
    try {
      return open.values().stream()
          .sorted(Comparator.comparing(g -> g.firstAt))
          .map(g -> g.snapshot(limits, held.contains(g.key)))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** The figures the metrics and health checks read. */
  public BatcherStats stats() {
    lock.lock();
    try {
      Optional<Instant> oldest =
          Stream.concat(
                  open.values().stream().map(g -> g.firstAt),
                  Stream.concat(sealed.stream(), writing.stream()).map(Batch::firstAt))
              .min(Comparator.naturalOrder());
      return new BatcherStats(
          pendingRecords, pendingBytes, open.size(), sealed.size(), writing.size(), oldest);
    } finally {
      lock.unlock();
    }
  }

  /** Age of the oldest record not yet written; zero when nothing is pending. */
  public Duration oldestPendingAge() {
    return stats()
        .oldestPendingAt()
        .map(t -> Duration.between(t, clock.instant()))
        .filter(d -> !d.isNegative())
        .orElse(Duration.ZERO);
  }
}
