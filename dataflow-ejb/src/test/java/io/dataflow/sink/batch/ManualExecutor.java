package io.dataflow.sink.batch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/** An executor that queues tasks until the test runs them. */
public final class ManualExecutor implements Executor {
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  public int queued() {
    return tasks.size();
  }

  /** Runs the oldest queued task; false when none is queued. */
  public boolean runOne() {
    Runnable r = tasks.poll();
    if (r == null) {
      return false;
    }
    r.run();
    return true;
  }

  /** Runs tasks (including ones queued while running) until none is left. */
  public int runAll() {
    int n = 0;
    while (runOne()) {
      n++;
    }
    return n;
  }
}
