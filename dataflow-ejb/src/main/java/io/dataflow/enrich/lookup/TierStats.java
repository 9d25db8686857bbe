package io.dataflow.enrich.lookup;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one tier: hits, misses, negative hits, errors and call latency. Thread-safe. */
public final class TierStats {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder negativeHits = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final LongAdder callNanos = new LongAdder();

  public void hit() {
    hits.increment();
  }

  public void hits(int n) {
    hits.add(n);
  }

  public void miss() {
    misses.increment();
  }

  public void misses(int n) {
    misses.add(n);
  }

  public void negativeHit() {
    negativeHits.increment();
  }

  public void negativeHits(int n) {
    negativeHits.add(n);
  }

  public void error() {
    errors.increment();
  }

  /** Records the duration of one call to the tier (a batch counts as one call). */
  public void call(long nanos) {
    calls.increment();
    callNanos.add(nanos);
  }

  public long hitCount() {
    return hits.sum();
  }

  public long missCount() {
    return misses.sum();
  }

  public long negativeHitCount() {
    return negativeHits.sum();
  }

  public long errorCount() {
    return errors.sum();
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
