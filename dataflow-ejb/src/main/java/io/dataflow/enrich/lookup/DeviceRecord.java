package io.dataflow.enrich.lookup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a tier knows about one device: its metadata fields, or that the device does not exist (a
 * negative entry, cached with its own shorter TTL).
 */
public final class DeviceRecord {
  private static final DeviceRecord ABSENT = new DeviceRecord(null);
  private final Map<String, Object> fields;

  private DeviceRecord(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** A known device with its metadata fields (JSON-compatible values). */
  public static DeviceRecord found(Map<String, Object> fields) {
    Objects.requireNonNull(fields, "fields");
    return new DeviceRecord(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
  }

  /** The negative entry: the device is not registered. */
  public static DeviceRecord absent() {
    return ABSENT;
  }

  public boolean isFound() {
    return fields != null;
  }

  /** The metadata; empty for the negative entry. */
  public Map<String, Object> fields() {
    return fields == null ? Map.of() : fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceRecord r && Objects.equals(fields, r.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(fields);
  }

  @Override
  public String toString() {
    return isFound() ? "DeviceRecord" + fields : "DeviceRecord[absent]";
  }
}
