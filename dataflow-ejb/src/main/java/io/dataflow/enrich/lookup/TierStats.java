package io.dataflow.enrich.lookup;

import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counters of one tier: hits, misses, negative hits, errors and call latency. Thread-safe. The
 * counts become registered counters and the calls a timer once {@link #bind} is called.
 */
public final class TierStats {
  private final Count hits = new Count();
  private final Count misses = new Count();
  private final Count negativeHits = new Count();
  private final Count errors = new Count();
  private final LongAdder calls = new LongAdder();
  private final LongAdder callNanos = new LongAdder();
  private volatile PipelineMetrics.Durations callDurations = PipelineMetrics.Durations.NONE;

  /** Publishes the tier's counts and call durations, tagged {@code tier}. */
  public void bind(PipelineMetrics metrics, String tier) {
    Tag t = new Tag("tier", tier);
    metrics.bind(hits, MetricCatalog.CACHE_REQUESTS, t, new Tag("result", "hit"));
    metrics.bind(negativeHits, MetricCatalog.CACHE_REQUESTS, t, new Tag("result", "negative_hit"));
    metrics.bind(misses, MetricCatalog.CACHE_REQUESTS, t, new Tag("result", "miss"));
    metrics.bind(errors, MetricCatalog.CACHE_ERRORS, t);
    callDurations = metrics.timer(MetricCatalog.CACHE_LOOKUP, t);
  }

  public void hit() {
    hits.inc();
  }

  public void hits(int n) {
    hits.add(n);
  }

  public void miss() {
    misses.inc();
  }

  public void misses(int n) {
    misses.add(n);
  }

  public void negativeHit() {
    negativeHits.inc();
  }

  public void negativeHits(int n) {
    negativeHits.add(n);
  }

  public void error() {
    errors.inc();
  }

  /** Records the duration of one call to the tier (a batch counts as one call). */
  public void call(long nanos) {
    calls.increment();
    callNanos.add(nanos);
    callDurations.recordNanos(nanos);
  }

  public long hitCount() {
    return hits.get();
  }

  public long missCount() {
    return misses.get();
  }

  public long negativeHitCount() {
    return negativeHits.get();
  }

  public long errorCount() {
    return errors.get();
  }

  /** Calls made to the tier (batches, for the lower tiers). */
  public long callCount() {
    return calls.sum();
  }

  /** Mean call latency in microseconds, or -1 before the first timed call. */
  public double meanLatencyMicros() {
    long n = calls.sum();
    return n == 0 ? -1 : callNanos.sum() / 1_000.0 / n;
  }

  public CacheTierStats snapshot(String tier, long size, boolean available) {
    return new CacheTierStats(
        tier,
        hitCount(),
        missCount(),
        negativeHitCount(),
        errorCount(),
        size,
        meanLatencyMicros(),
        available);
  }
}
