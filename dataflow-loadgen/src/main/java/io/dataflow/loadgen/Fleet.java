package io.dataflow.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated devices: {@code n} devices spread round-robin over {@code locations} locations.
 * Device {@code i} is {@code dev-%05d}; it is also the Zipf rank, so {@code dev-00000} is the
 * hottest key. The same fleet written as a device file is what {@code DATAFLOW_DEVICES_FILE}
 * expects, so every generated device is known to the enrich stage.
 */
public final class Fleet {
  /** One entry of the device file. */
  public record Device(String id, String name, String location, String serviceTag) {}

  private final List<Device> devices;
  private final int locations;

  private Fleet(List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one device");
    }
    this.devices = List.copyOf(devices);
    this.locations = (int) devices.stream().map(Device::location).distinct().count();
  }

  /**
   * The devices of a device file as {@code DATAFLOW_DEVICES_FILE} takes it (a JSON array of {@code
   * {id,name,location,serviceTag}}), e.g. the sample fleet in {@code liberty/devices.json}.
   */
  public static Fleet read(Path file) throws IOException {
    Device[] read;
    try {
      read =
          new ObjectMapper()
              .configure(
                  com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                  false)
              .readValue(file.toFile(), Device[].class);
    } catch (IOException e) {
      throw new IOException(
          "Cannot read the devices of "
              + file
              + " (a JSON array of {\"id\": ...}): "
              + e.getMessage(),
          e);
    }
    if (read == null || read.length == 0) {
      throw new IOException(file + " lists no device");
    }
    return new Fleet(List.of(read));
  }

  public Fleet(int n, int locations) {
    this.locations = locations;
    if (n < 1 || locations < 1) {
      throw new IllegalArgumentException("devices and locations must be at least 1");
    }
    List<Device> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(
          new Device(
              deviceId(i),
              "sensor " + i,
              String.format("loc-%03d", i % locations),
              String.format("svc-%02d", i % 16)));
    }
    devices = List.copyOf(list);
  }

  /** The id of device number {@code i}. */
  public static String deviceId(int i) {
    return String.format("dev-%05d", i);
  }

  public List<Device> devices() {
    return devices;
  }

  public int locations() {
    return locations;
  }

  public int size() {
    return devices.size();
  }

  public Device get(int i) {
    return devices.get(i);
  }

  /** Writes the device file: a JSON array of {@code {id,name,location,serviceTag}}. */
  public void writeDeviceFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), devices);
  }
}
