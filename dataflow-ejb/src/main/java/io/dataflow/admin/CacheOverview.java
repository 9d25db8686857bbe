package io.dataflow.admin;

import io.dataflow.enrich.lookup.CacheTierStats;
import java.util.List;

/**
 * The enrich stage's cache tiers.
 *
 * @param available false when no cache provider runs in this server (the enrich stage is off)
 * @param note why it is unavailable, or empty
 * @param tiers one entry per tier, L1 first
 */
public record CacheOverview(boolean available, String note, List<Tier> tiers) {

  /** A tier's figures with its hit ratio; see {@link CacheTierStats}. */
  public record Tier(
      String tier,
      long hits,
      long misses,
      long negativeHits,
      long errors,
      double hitRatio,
      long size,
      double meanLatencyMicros,
      boolean available) {
    static Tier of(CacheTierStats s) {
      return new Tier(
          s.tier(),
          s.hits(),
          s.misses(),
          s.negativeHits(),
          s.errors(),
          s.hitRatio(),
          s.size(),
          s.meanLatencyMicros(),
          s.available());
    }
  }
}
