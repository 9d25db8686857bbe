package io.dataflow.enrich.lookup;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads a batch below L1: the shared cache (L2) first, if there is one, then the registry (L3) for
 * what L2 did not hold; L3's answers, negative ones included, are written back to L2. When L2
 * fails, the whole batch falls through to L3 and L2 is reported unavailable until a call succeeds
 * again. An L3 failure fails the batch: the caller retries, nothing is cached.
 */
public final class TieredLoader implements BatchingLoader.BatchFunction {
  private static final Logger LOG = Logger.getLogger(TieredLoader.class.getName());
  private final DeviceCache l2;
  private final DeviceRegistry l3;
  private final TierStats l2Stats = new TierStats();
  private final TierStats l3Stats = new TierStats();
  private volatile boolean l2Available = true;
  private volatile boolean l3Available = true;
  private volatile String l2LastError = "";

  /**
   * @param l2 the shared cache, or null when there is none
   * @param l3 the registry
   */
  public TieredLoader(DeviceCache l2, DeviceRegistry l3) {
    this.l2 = l2;
    this.l3 = l3;
  }

  @Override
  public Map<String, DeviceRecord> loadAll(Set<String> keys) throws DeviceLookupException {
    Map<String, DeviceRecord> result = new HashMap<>(keys.size() * 2);
    boolean l2Up = l2 != null && readL2(keys, result);
    Set<String> missing = new HashSet<>(keys);
    missing.removeAll(result.keySet());
    if (!missing.isEmpty()) {
      Map<String, DeviceRecord> fromL3 = readL3(missing);
      result.putAll(fromL3);
      if (l2Up) {
        writeL2(fromL3);
      }
    }
    return result;
  }

  private boolean readL2(Set<String> keys, Map<String, DeviceRecord> result) {
    long start = System.nanoTime();
    try {
      Map<String, DeviceRecord> held = l2.getAll(keys);
      l2Stats.call(System.nanoTime() - start);
      int found = (int) held.values().stream().filter(DeviceRecord::isFound).count();
      l2Stats.hits(found);
      l2Stats.negativeHits(held.size() - found);
      l2Stats.misses(keys.size() - held.size());
      result.putAll(held);
      l2Up();
      return true;
    } catch (DeviceLookupException | RuntimeException e) {
      l2Down(e);
      return false;
    }
  }

  private void writeL2(Map<String, DeviceRecord> records) {
    try {
      l2.putAll(records);
    } catch (DeviceLookupException | RuntimeException e) {
      l2Down(e);
    }
  }

  private Map<String, DeviceRecord> readL3(Set<String> keys) throws DeviceLookupException {
    long start = System.nanoTime();
    Map<String, Map<String, Object>> found;
    try {
      found = l3.findAll(keys);
    } catch (DeviceLookupException | RuntimeException e) {
      l3Stats.error();
      l3Available = false;
      LOG.log(Level.WARNING, l3.tierName() + " lookup of " + keys.size() + " devices failed", e);
      throw e instanceof DeviceLookupException d
          ? d
          : new DeviceLookupException(l3.tierName() + " failed: " + e, e);
    }
    l3Stats.call(System.nanoTime() - start);
    l3Available = true;
    Map<String, DeviceRecord> records = new HashMap<>(keys.size() * 2);
    int known = 0;
    for (String key : keys) {
      Map<String, Object> fields = found.get(key);
      if (fields != null) {
        known++;
      }
      records.put(key, fields == null ? DeviceRecord.absent() : DeviceRecord.found(fields));
    }
    l3Stats.hits(known);
    l3Stats.misses(keys.size() - known);
    return records;
  }

  private void l2Up() {
    if (!l2Available) {
      LOG.info(l2.tierName() + " is reachable again");
    }
    l2Available = true;
  }

  private void l2Down(Exception e) {
    l2Stats.error();
    l2LastError = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (l2Available) {
      LOG.log(
          Level.WARNING,
          l2.tierName() + " failed; lookups fall through to " + l3.tierName() + " (degraded)",
          e);
    }
    l2Available = false;
  }

  /** Whether there is an L2 tier at all. */
  public boolean hasL2() {
    return l2 != null;
  }

  /** False after an L2 call failed, until one succeeds again. */
  public boolean l2Available() {
    return l2 != null && l2Available;
  }

  /** The last L2 error, or empty. */
  public String l2LastError() {
    return l2LastError;
  }

  /** False after an L3 call failed, until one succeeds again. */
  public boolean l3Available() {
    return l3Available;
  }

  public TierStats l2Stats() {
    return l2Stats;
  }

  public TierStats l3Stats() {
    return l3Stats;
  }
}
