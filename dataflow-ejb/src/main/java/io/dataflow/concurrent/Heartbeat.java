package io.dataflow.concurrent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One pipeline worker (a thread or a scheduled task) as {@link Heartbeats} watches it. The worker
 * calls {@link #beat()} when it makes progress, and either tells whether it has work pending
 * through the supplier it registered with, or brackets each piece of work with {@link #busy()} and
 * {@link #idle()}. A thread that ends or a task that throws calls {@link #died}; a worker stopped
 * on purpose calls {@link #close()} first.
 *
 * <p>It is stalled when work is pending and it has not beaten for longer than the limit; the time
 * counts from its last beat or from when it was last seen with nothing pending, whichever is later,
 * so work that arrives after a quiet hour does not look an hour old. Everything on the worker's
 * path is a volatile write of {@link System#nanoTime()} (or of the registry's test clock): no lock,
 * no allocation.
 */
public final class Heartbeat implements Worker {
  private final Heartbeats owner;
  private final String name;
  private final BooleanSupplier pending;
  private final AtomicInteger busy = new AtomicInteger();
  private volatile BooleanSupplier running = () -> true;
  private volatile long lastProgress;
  private volatile long quietAt;
  private volatile String death;

  Heartbeat(Heartbeats owner, String name, BooleanSupplier pending) {
    this.owner = owner;
    this.name = name;
    this.pending = pending == null ? () -> busy.get() > 0 : pending;
    this.lastProgress = owner.now();
    this.quietAt = lastProgress;
  }

  @Override
  public String name() {
    return name;
  }

  /** The worker made progress (handed a message on, forced the journal, sealed due groups). */
  public void beat() {
    lastProgress = owner.now();
  }

  /**
   * The worker is about to wait on purpose for {@code wait} (a flush interval, a backoff): counts
   * as progress until the wait is over.
   */
  public void pausing(Duration wait) {
    lastProgress = owner.now() + Math.max(0, wait.toNanos());
  }

  /** A piece of work starts (for a worker registered without a pending supplier). */
  public void busy() {
    if (busy.getAndIncrement() == 0) {
      beat();
    }
  }

  /** A piece of work is done, well or not: progress. */
  public void idle() {
    busy.decrementAndGet();
    beat();
  }

  /** Also dead once {@code running} says false, e.g. {@code thread::isAlive}, until closed. */
  public Heartbeat whileRunning(BooleanSupplier running) {
    this.running = running;
    return this;
  }

  /** The worker ended for good because of {@code cause}: DOWN at once. */
  public void died(Throwable cause) {
    died(String.valueOf(cause));
  }

  /** The worker ended for good: DOWN at once, with this reason. */
  public void died(String reason) {
    if (death == null) {
      death = reason;
    }
  }

  /** The worker stops on purpose: no longer watched. */
  public void close() {
    owner.remove(this);
  }

  @Override
  public WorkerStatus status(long now, long limitNanos) {
    Duration since = Duration.ofNanos(Math.max(0, now - lastProgress));
    String dead = death;
    if (dead == null && !running.getAsBoolean()) {
      dead = "its thread or task ended";
    }
    if (dead != null) {
      return new WorkerStatus(name, WorkerStatus.State.DEAD, since, dead);
    }
    if (!pending.getAsBoolean()) {
      quietAt = now;
      return new WorkerStatus(name, WorkerStatus.State.IDLE, since, "");
    }
    long stalled = now - Math.max(lastProgress, quietAt);
    if (stalled > limitNanos) {
      return new WorkerStatus(
          name,
          WorkerStatus.State.STALLED,
          since,
          "work pending and no progress for "
              + Heartbeats.format(Duration.ofNanos(stalled))
              + " (limit "
              + Heartbeats.format(Duration.ofNanos(limitNanos))
              + ")");
    }
    return new WorkerStatus(name, WorkerStatus.State.WORKING, since, "");
  }
}
