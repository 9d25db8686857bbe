package io.dataflow.enrich.lookup;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Coalesces single-key loads into batches: keys asked for within a short window (or until {@code
 * maxBatch} keys are waiting) are loaded with one call of the batch function on the worker
 * executor. Every returned future completes: with the record, with {@link DeviceRecord#absent()}
 * when the batch function left the key out, or exceptionally when the batch call failed.
 */
public final class BatchingLoader {
  /** Loads many keys in one call. */
  @FunctionalInterface
  public interface BatchFunction {
    Map<String, DeviceRecord> loadAll(Set<String> keys) throws DeviceLookupException;
  }

  /** Runs a task after a delay (a scheduled executor; tests fire it by hand). */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Runnable task, Duration delay);
  }

  private final BatchFunction function;
  private final int maxBatch;
  private final Duration window;
  private final Executor workers;
  private final Scheduler scheduler;
  private final Object lock = new Object();
  final io.dataflow.metrics.Count batches = new io.dataflow.metrics.Count();
  final io.dataflow.metrics.Count keys = new io.dataflow.metrics.Count();
  private Map<String, CompletableFuture<DeviceRecord>> pending = new LinkedHashMap<>();
  private long generation;

  public BatchingLoader(
      BatchFunction function,
      int maxBatch,
      Duration window,
      Executor workers,
      Scheduler scheduler) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.function = function;
    this.maxBatch = maxBatch;
    this.window = window;
    this.workers = workers;
    this.scheduler = scheduler;
  }

  /** Queues {@code key} for the next batch and returns its future. */
  public CompletableFuture<DeviceRecord> load(String key) {
    Map<String, CompletableFuture<DeviceRecord>> ready = null;
    long scheduleGeneration = -1;
    CompletableFuture<DeviceRecord> future;
    synchronized (lock) {
      future = pending.computeIfAbsent(key, k -> new CompletableFuture<>());
      if (pending.size() >= maxBatch || window.isZero()) {
        ready = takePending();
      } else if (pending.size() == 1) {
        scheduleGeneration = generation;
      }
    }
    if (ready != null) {
      dispatch(ready);
    } else if (scheduleGeneration >= 0) {
      long expected = scheduleGeneration;
      scheduler.schedule(() -> flush(expected), window);
    }
    return future;
  }

  /** Publishes the batch and key counts. */
  public void bind(io.dataflow.metrics.PipelineMetrics metrics) {
    metrics.bind(batches, io.dataflow.metrics.MetricCatalog.LOOKUP_BATCHES);
    metrics.bind(keys, io.dataflow.metrics.MetricCatalog.LOOKUP_BATCHED_KEYS);
  }

  /** Batches dispatched so far. */
  public long batchCount() {
    return batches.get();
  }

  /** Keys loaded so far (the sum of all batch sizes). */
  public long keyCount() {
    return keys.get();
  }

  /** Dispatches the waiting keys if the batch that scheduled this flush is still open. */
  private void flush(long expectedGeneration) {
    Map<String, CompletableFuture<DeviceRecord>> ready;
    synchronized (lock) {
      if (generation != expectedGeneration || pending.isEmpty()) {
        return;
      }
      ready = takePending();
    }
    dispatch(ready);
  }

  private Map<String, CompletableFuture<DeviceRecord>> takePending() {
    Map<String, CompletableFuture<DeviceRecord>> ready = pending;
    pending = new LinkedHashMap<>();
    generation++;
    return ready;
  }

  private void dispatch(Map<String, CompletableFuture<DeviceRecord>> batch) {
    batches.inc();
    keys.add(batch.size());
    try {
      workers.execute(() -> run(batch));
    } catch (RuntimeException e) {
      batch.values().forEach(f -> f.completeExceptionally(e));
    }
  }

  private void run(Map<String, CompletableFuture<DeviceRecord>> batch) {
    try {
      Map<String, DeviceRecord> result =
          function.loadAll(Collections.unmodifiableSet(batch.keySet()));
      batch.forEach((k, f) -> f.complete(result.getOrDefault(k, DeviceRecord.absent())));
    } catch (Throwable e) { // every waiting future must complete, whatever went wrong
      batch.values().forEach(f -> f.completeExceptionally(e));
    }
  }
}
