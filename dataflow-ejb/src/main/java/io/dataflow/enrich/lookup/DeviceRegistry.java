package io.dataflow.enrich.lookup;

import java.util.Collection;
import java.util.Map;

/**
 * Port of the authoritative device metadata (L3): a device file or a Firestore collection. An id
 * missing from the result of {@link #findAll} is an unknown device.
 */
public interface DeviceRegistry {
  /** The tier name reported in metrics and the console, e.g. {@code l3-file}. */
  String tierName();

  /**
   * The metadata of the registered devices among {@code ids}, in one batched call.
   *
   * @throws DeviceLookupException when the registry cannot be read (retried by the caller)
   */
  Map<String, Map<String, Object>> findAll(Collection<String> ids) throws DeviceLookupException;
}
