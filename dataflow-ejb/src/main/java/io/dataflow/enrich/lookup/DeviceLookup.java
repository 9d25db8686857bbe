package io.dataflow.enrich.lookup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The layered lookup: L1 ({@link CaffeineDeviceCache}) answers hits at once; its misses are
 * coalesced into batches ({@link BatchingLoader}) and loaded through L2 and L3 ({@link
 * TieredLoader}); what they return fills L1. Thread-safe.
 */
public final class DeviceLookup {
  private static final Logger LOG = Logger.getLogger(DeviceLookup.class.getName());
  private final CaffeineDeviceCache l1;
  private final DeviceCache l2;
  private final DeviceRegistry l3;
  private final TieredLoader lower;
  private final BatchingLoader batches;

  /**
   * @param l2 the shared cache, or null for none
   * @param maxBatch most keys in one L2/L3 call
   * @param window how long a miss waits for others to share its batch
   * @param workers runs the blocking L2/L3 calls
   */
  public DeviceLookup(
      CaffeineDeviceCache l1,
      DeviceCache l2,
      DeviceRegistry l3,
      int maxBatch,
      Duration window,
      Executor workers,
      BatchingLoader.Scheduler scheduler) {
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
    this.lower = new TieredLoader(l2, l3);
    this.batches = new BatchingLoader(lower, maxBatch, window, workers, scheduler);
  }

  /**
   * The record of one device: completes with a found or an absent record, or exceptionally with a
   * {@link DeviceLookupException} when the tiers could not answer.
   */
  public CompletableFuture<DeviceRecord> lookup(String deviceId) {
    return l1.get(deviceId, batches::load);
  }

  /** Drops a device from L1 and L2; returns whether either held it. */
  public boolean invalidate(String deviceId) {
    boolean held = l1.invalidate(deviceId);
    if (l2 != null) {
      try {
        held |= l2.invalidate(deviceId);
      } catch (DeviceLookupException | RuntimeException e) {
        LOG.log(Level.WARNING, "Could not invalidate " + deviceId + " in " + l2.tierName(), e);
      }
    }
    return held;
  }

  /** Publishes the counts and call durations of every tier and of the batching loader. */
  public void bind(io.dataflow.metrics.PipelineMetrics metrics) {
    l1.stats().bind(metrics, CaffeineDeviceCache.TIER);
    if (l2 != null) {
      lower.l2Stats().bind(metrics, l2.tierName());
    }
    lower.l3Stats().bind(metrics, l3.tierName());
    batches.bind(metrics);
  }

  /** Figures per tier, L1 first. */
  public List<CacheTierStats> tiers() {
    List<CacheTierStats> tiers = new ArrayList<>(3);
    tiers.add(l1.stats().snapshot(CaffeineDeviceCache.TIER, l1.size(), true));
    if (l2 != null) {
      tiers.add(lower.l2Stats().snapshot(l2.tierName(), -1, lower.l2Available()));
    }
    tiers.add(lower.l3Stats().snapshot(l3.tierName(), -1, lower.l3Available()));
    return tiers;
  }

  public CaffeineDeviceCache l1() {
    return l1;
  }

  public TieredLoader lowerTiers() {
    return lower;
  }

  public BatchingLoader batches() {
    return batches;
  }
}
