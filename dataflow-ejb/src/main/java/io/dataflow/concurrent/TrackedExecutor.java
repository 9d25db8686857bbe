package io.dataflow.concurrent;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * A pool of writes as {@link Heartbeats} watches it: every task runs as one piece of work in
 * flight, and the pool is stalled when some task has been running for longer than the limit without
 * progress. A task reports progress from its own thread with {@link #progress()} (an attempt
 * starts) and {@link #pausing(Duration)} (it waits on purpose before the next attempt), so a write
 * that retries through an outage stays alive and only one stuck inside a single attempt does not.
 * The pool is dead once it refuses work or is shut down while still watched.
 */
public final class TrackedExecutor implements Executor, Worker {
  private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

  private final Heartbeats owner;
  private final String name;
  private final ExecutorService pool;
  private final Set<Task> running = ConcurrentHashMap.newKeySet();
  private volatile long lastProgress;
  private volatile String death;

  private static final class Task {
    final Heartbeats clock;
    volatile long since;

    Task(Heartbeats clock) {
      this.clock = clock;
      this.since = clock.now();
    }
  }

  TrackedExecutor(Heartbeats owner, String name, ExecutorService pool) {
    this.owner = owner;
    this.name = name;
    this.pool = pool;
    this.lastProgress = owner.now();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void execute(Runnable command) {
    try {
      pool.execute(() -> run(command));
    } catch (RejectedExecutionException e) {
      death = "the pool refused a task: " + e;
      throw e;
    }
  }

  private void run(Runnable command) {
    Task task = new Task(owner);
    running.add(task);
    CURRENT.set(task);
    try {
      command.run();
    } finally {
      CURRENT.remove();
      running.remove(task);
      lastProgress = owner.now();
    }
  }

  /** The task on this thread made progress (an attempt starts); nothing on other threads. */
  public static void progress() {
    Task task = CURRENT.get();
    if (task != null) {
      task.since = task.clock.now();
    }
  }

  /** The task on this thread waits on purpose for {@code wait}: progress until it is over. */
  public static void pausing(Duration wait) {
    Task task = CURRENT.get();
    if (task != null) {
      task.since = task.clock.now() + Math.max(0, wait.toNanos());
    }
  }

  /** The pool behind it, e.g. to shut it down. */
  public ExecutorService pool() {
    return pool;
  }

  /** The pool stops on purpose: no longer watched. */
  public void close() {
    owner.remove(this);
  }

  @Override
  public WorkerStatus status(long now, long limitNanos) {
    String dead = death;
    if (dead == null && pool.isShutdown()) {
      dead = "the pool was shut down";
    }
    long oldest = Long.MAX_VALUE;
    for (Task t : running) {
      oldest = Math.min(oldest, t.since);
    }
    long last = oldest == Long.MAX_VALUE ? lastProgress : Math.min(oldest, now);
    Duration since = Duration.ofNanos(Math.max(0, now - last));
    if (dead != null) {
      return new WorkerStatus(name, WorkerStatus.State.DEAD, since, dead);
    }
    if (oldest == Long.MAX_VALUE) {
      return new WorkerStatus(name, WorkerStatus.State.IDLE, since, "");
    }
    if (now - oldest > limitNanos) {
      return new WorkerStatus(
          name,
          WorkerStatus.State.STALLED,
          since,
          "a write has made no progress for "
              + Heartbeats.format(since)
              + " (limit "
              + Heartbeats.format(Duration.ofNanos(limitNanos))
              + ")");
    }
    return new WorkerStatus(name, WorkerStatus.State.WORKING, since, "");
  }
}
