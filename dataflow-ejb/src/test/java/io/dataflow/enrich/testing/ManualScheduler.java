package io.dataflow.enrich.testing;

import io.dataflow.enrich.lookup.BatchingLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects scheduled batch flushes; the test fires them, so no test waits for a window. */
public final class ManualScheduler implements BatchingLoader.Scheduler {
  private final List<Runnable> tasks = new ArrayList<>();

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    tasks.add(task);
  }

  /** Runs every task scheduled so far; returns how many ran. */
  public int fireAll() {
    List<Runnable> due;
    synchronized (this) {
      due = new ArrayList<>(tasks);
      tasks.clear();
    }
    due.forEach(Runnable::run);
    return due.size();
  }

  public synchronized int pending() {
    return tasks.size();
  }
}
