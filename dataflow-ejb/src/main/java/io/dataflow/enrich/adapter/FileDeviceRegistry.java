package io.dataflow.enrich.adapter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.enrich.lookup.DeviceRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded L3: devices read once from a file. A {@code .csv} file has a header row with an
 * {@code id} column, every other column becoming a string field; any other file is a JSON array of
 * objects, each with an {@code id} and any JSON fields. The id itself is not part of the metadata.
 */
public final class FileDeviceRegistry implements DeviceRegistry {
  public static final String TIER = "l3-file";
  private static final String ID = "id";
  private static final TypeReference<List<Map<String, Object>>> DEVICES = new TypeReference<>() {};
  private final Map<String, Map<String, Object>> devices;

  private FileDeviceRegistry(Map<String, Map<String, Object>> devices) {
    this.devices = Map.copyOf(devices);
  }

  /** A registry that knows no device (no file configured). */
  public static FileDeviceRegistry empty() {
    return new FileDeviceRegistry(Map.of());
  }

  /**
   * Reads a device file.
   *
   * @throws IOException when it cannot be read or is malformed (no id, duplicate id, bad JSON/CSV)
   */
  public static FileDeviceRegistry load(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<Map<String, Object>> rows =
        name.endsWith(".csv")
            ? CsvRows.parse(Files.readString(file, StandardCharsets.UTF_8))
            : new ObjectMapper().readValue(file.toFile(), DEVICES);
    Map<String, Map<String, Object>> devices = new HashMap<>();
    int index = 0;
    for (Map<String, Object> row : rows) {
      index++;
      Object id = row == null ? null : row.get(ID);
      if (id == null || id.toString().isBlank()) {
        throw new IOException(file + ": device " + index + " has no '" + ID + "'");
      }
      Map<String, Object> fields = new LinkedHashMap<>(row);
      fields.remove(ID);
      if (devices.put(id.toString(), fields) != null) {
        throw new IOException(file + ": device id '" + id + "' appears twice");
      }
    }
    return new FileDeviceRegistry(devices);
  }

  @Override
  public String tierName() {
    return TIER;
  }

  @Override
  public Map<String, Map<String, Object>> findAll(Collection<String> ids) {
    Map<String, Map<String, Object>> found = new HashMap<>();
    for (String id : ids) {
      Map<String, Object> fields = devices.get(id);
      if (fields != null) {
        found.put(id, fields);
      }
    }
    return found;
  }

  /** The ids of the devices in the file, sorted. */
  public List<String> ids() {
    return devices.keySet().stream().sorted().toList();
  }

  /**
   * The ids whose metadata differs between this registry and {@code newer}: added, changed and
   * removed devices.
   */
  public java.util.Set<String> changedIn(FileDeviceRegistry newer) {
    java.util.Set<String> changed = new java.util.TreeSet<>();
    newer.devices.forEach(
        (id, fields) -> {
          if (!fields.equals(devices.get(id))) {
            changed.add(id);
          }
        });
    devices.keySet().stream().filter(id -> !newer.devices.containsKey(id)).forEach(changed::add);
    return changed;
  }

  /** Devices in the file. */
  public int size() {
    return devices.size();
  }
}
