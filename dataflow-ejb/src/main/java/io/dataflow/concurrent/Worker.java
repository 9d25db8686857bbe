package io.dataflow.concurrent;

/** What the registry asks each watched worker: a {@link Heartbeat} or a {@link TrackedExecutor}. */
interface Worker {
  String name();

  /** The worker's state at {@code now} (nanoTime of the registry) with the stall limit. */
  WorkerStatus status(long now, long limitNanos);
}
