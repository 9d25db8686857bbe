package io.dataflow.enrich.lookup;

import java.util.Collection;
import java.util.Map;

/**
 * Port of the shared cache tier (L2). Implementations are thread-safe and batch their calls: one
 * {@link #getAll} is one round trip (or a few, for very large batches).
 */
public interface DeviceCache {
  /** The tier name reported in metrics and the console, e.g. {@code l2-redis}. */
  String tierName();

  /**
   * The entries held for the given ids, positive or negative. Ids the cache does not hold are left
   * out of the result (a miss).
   *
   * @throws DeviceLookupException when the cache cannot be reached
   */
  Map<String, DeviceRecord> getAll(Collection<String> ids) throws DeviceLookupException;

  /** Stores entries, positive ones with the cache's TTL and negative ones with its negative TTL. */
  void putAll(Map<String, DeviceRecord> records) throws DeviceLookupException;

  /** Removes one id; returns whether the cache held it. */
  boolean invalidate(String id) throws DeviceLookupException;
}
