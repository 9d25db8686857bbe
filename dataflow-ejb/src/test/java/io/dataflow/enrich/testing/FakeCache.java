package io.dataflow.enrich.testing;

import io.dataflow.enrich.lookup.DeviceCache;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory L2 that records its calls and can be told to fail. */
public final class FakeCache implements DeviceCache {
  public final Map<String, DeviceRecord> entries = new ConcurrentHashMap<>();
  public final List<Set<String>> gets = new CopyOnWriteArrayList<>();
  public final List<Map<String, DeviceRecord>> puts = new CopyOnWriteArrayList<>();
  public volatile boolean failing;

  @Override
  public String tierName() {
    return "l2-fake";
  }

  @Override
  public Map<String, DeviceRecord> getAll(Collection<String> ids) throws DeviceLookupException {
    gets.add(Set.copyOf(ids));
    fail();
    Map<String, DeviceRecord> held = new HashMap<>();
    ids.forEach(
        id -> {
          if (entries.containsKey(id)) {
            held.put(id, entries.get(id));
          }
        });
    return held;
  }

  @Override
  public void putAll(Map<String, DeviceRecord> records) throws DeviceLookupException {
    puts.add(Map.copyOf(records));
    fail();
    entries.putAll(records);
  }

  @Override
  public boolean invalidate(String id) throws DeviceLookupException {
    fail();
    return entries.remove(id) != null;
  }

  private void fail() throws DeviceLookupException {
    if (failing) {
      throw new DeviceLookupException("cache unavailable");
    }
  }
}
