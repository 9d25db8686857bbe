package io.dataflow.concurrent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The pipeline workers of this server and whether each one still makes progress: what {@code
 * /health/live} reports. A worker registers when it starts, so only the stages running here are
 * watched, and closes its {@link Heartbeat} (or {@link TrackedExecutor}) when it stops on purpose.
 * Time is {@link System#nanoTime()}; tests pass a fake clock.
 */
@ApplicationScoped
public class Heartbeats {
  private final LongSupplier nanos;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  /** The registry of the server, on {@link System#nanoTime()}. */
  public Heartbeats() {
    this(System::nanoTime);
  }

  /** A registry whose time is {@code clock} (tests move a fake clock). */
  public Heartbeats(Clock clock) {
    this(
        () -> {
          Instant i = clock.instant();
          return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        });
  }

  private Heartbeats(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** A registry nobody checks: for components built outside the container (tests, tools). */
  public static Heartbeats unobserved() {
    return new Heartbeats();
  }

  /**
   * Watches a worker that has work pending while {@code pending} says so. The supplier is asked by
   * the liveness check, so it must not block (read a volatile or a concurrent size, take no lock).
   */
  public synchronized Heartbeat register(String name, BooleanSupplier pending) {
    Heartbeat h = new Heartbeat(this, unique(name), pending);
    workers.add(h);
    return h;
  }

  /** Watches a worker that brackets each piece of work with {@link Heartbeat#busy()} and idle(). */
  public Heartbeat register(String name) {
    return register(name, null);
  }

  /** Watches a pool of writes: the tasks run through the returned executor are tracked. */
  public synchronized TrackedExecutor track(String name, ExecutorService pool) {
    TrackedExecutor t = new TrackedExecutor(this, unique(name), pool);
    workers.add(t);
    return t;
  }

  /** Every watched worker at this moment, in the order they registered. */
  public List<WorkerStatus> check(Duration stallLimit) {
    long now = now();
    long limit = stallLimit.toNanos();
    return workers.stream().map(w -> w.status(now, limit)).toList();
  }

  long now() {
    return nanos.getAsLong();
  }

  void remove(Worker w) {
    workers.remove(w);
  }

  private String unique(String name) {
    String candidate = name;
    for (int n = 2; taken(candidate); n++) {
      candidate = name + "-" + n;
    }
    return candidate;
  }

  private boolean taken(String name) {
    return workers.stream().anyMatch(w -> w.name().equals(name));
  }

  /** A duration as the check reports it: 45s, 6m 3s, 2h 5m. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
    }
    return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
  }
}
