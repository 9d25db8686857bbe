package io.dataflow.enrich;

import io.dataflow.enrich.lookup.CacheTierStats;
import java.util.List;

/**
 * The enrich stage's caches as an operator sees them: per-tier figures and invalidation. The admin
 * facade reads it and assembles its own views.
 */
public interface CacheControl {
  /** One entry per tier, L1 first. */
  List<CacheTierStats> tiers();

  /** Drops a device's metadata from every cache tier; returns whether any tier held it. */
  boolean invalidate(String deviceId, String requestedBy);
}
