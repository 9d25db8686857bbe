package io.dataflow.enrich.lookup;

/**
 * Figures of one cache tier.
 *
 * @param tier {@code l1-caffeine}, {@code l2-redis}, {@code l3-firestore} or {@code l3-file}
 * @param hits lookups answered by this tier
 * @param misses lookups this tier could not answer
 * @param negativeHits lookups answered by a cached "no such device"
 * @param errors lookups that failed in this tier
 * @param size entries held, or -1 when unknown
 * @param meanLatencyMicros mean lookup latency, or -1 when unknown
 * @param available false when the tier is down (e.g. Redis unreachable)
 */
public record CacheTierStats(
    String tier,
    long hits,
    long misses,
    long negativeHits,
    long errors,
    long size,
    double meanLatencyMicros,
    boolean available) {
  public double hitRatio() {
    long total = hits + negativeHits + misses;
    return total == 0 ? 0 : (double) (hits + negativeHits) / total;
  }
}
