package io.dataflow.enrich.testing;

import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory L3 that records its calls and can be told to fail. */
public final class FakeRegistry implements DeviceRegistry {
  public final Map<String, Map<String, Object>> devices = new ConcurrentHashMap<>();
  public final List<Set<String>> calls = new CopyOnWriteArrayList<>();
  public volatile boolean failing;

  public FakeRegistry with(String id, String name, String location) {
    devices.put(id, Map.of("name", name, "location", location));
    return this;
  }

  @Override
  public String tierName() {
    return "l3-fake";
  }

  @Override
  public Map<String, Map<String, Object>> findAll(Collection<String> ids)
      throws DeviceLookupException {
    calls.add(Set.copyOf(ids));
    if (failing) {
      throw new DeviceLookupException("registry unavailable");
    }
    Map<String, Map<String, Object>> found = new HashMap<>();
    ids.forEach(
        id -> {
          if (devices.containsKey(id)) {
            found.put(id, devices.get(id));
          }
        });
    return found;
  }
}
