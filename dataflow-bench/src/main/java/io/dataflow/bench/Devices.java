package io.dataflow.bench;

import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.lookup.DeviceRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Benchmark fixtures: device ids and an in-memory registry holding them. */
final class Devices {
  private Devices() {}

  static String[] ids(int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = "d" + i;
    }
    return ids;
  }

  static Map<String, Object> fields(String id) {
    return Map.of(
        "name",
        "Device " + id,
        "location",
        "plant-" + (id.hashCode() & 3),
        "serviceTag",
        "ST-" + id);
  }

  static Map<String, DeviceRecord> records(String[] ids) {
    Map<String, DeviceRecord> records = new HashMap<>();
    for (String id : ids) {
      records.put(id, DeviceRecord.found(fields(id)));
    }
    return records;
  }

  /** An L3 that knows every id it is asked for. */
  static DeviceRegistry registry() {
    return new DeviceRegistry() {
      @Override
      public String tierName() {
        return "l3-memory";
      }

      @Override
      public Map<String, Map<String, Object>> findAll(Collection<String> ids) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        ids.forEach(id -> found.put(id, fields(id)));
        return found;
      }
    };
  }
}
