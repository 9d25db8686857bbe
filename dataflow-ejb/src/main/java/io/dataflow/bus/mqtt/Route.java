package io.dataflow.bus.mqtt;

import io.dataflow.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ingestion route: a topic pattern such as {@code devices/{deviceId}/telemetry} and the QoS to
 * subscribe with. The pattern gives both the MQTT topic filter ({@code devices/+/telemetry}) and
 * the position of the device id in a topic.
 *
 * @param name the route name, recorded in each envelope's source
 * @param pattern the topic pattern
 * @param qos the subscription QoS, 0, 1 or 2
 */
public record Route(String name, String pattern, int qos) {
  private static final String DEVICE_ID = "{deviceId}";

  public Route {
    validate(name, pattern, qos);
  }

  /** The MQTT topic filter: every {@code {placeholder}} becomes {@code +}. */
  public String topicFilter() {
    List<String> levels = new ArrayList<>();
    for (String level : pattern.split("/", -1)) {
      levels.add(isPlaceholder(level) ? "+" : level);
    }
    return String.join("/", levels);
  }

  /**
   * The topic a device publishes to under this route: the pattern with {@code {deviceId}} replaced
   * by the id, and every other placeholder or wildcard level by {@code filler}.
   */
  public String topicFor(String deviceId, String filler) {
    List<String> levels = new ArrayList<>();
    for (String level : pattern.split("/", -1)) {
      if (level.equals(DEVICE_ID)) {
        levels.add(deviceId);
      } else {
        levels.add(isPlaceholder(level) || level.equals("+") || level.equals("#") ? filler : level);
      }
    }
    return String.join("/", levels);
  }

  /** The device id if the topic matches this route's pattern, else empty. */
  public Optional<String> deviceIdOf(String topic) {
    String[] want = pattern.split("/", -1);
    String[] got = topic.split("/", -1);
    String deviceId = null;
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals("#")) {
        return Optional.ofNullable(deviceId);
      }
      if (i >= got.length) {
        return Optional.empty();
      }
      if (want[i].equals(DEVICE_ID)) {
        if (got[i].isEmpty()) {
          return Optional.empty();
        }
        deviceId = got[i];
      } else if (!isPlaceholder(want[i]) && !want[i].equals("+") && !want[i].equals(got[i])) {
        return Optional.empty();
      }
    }
    return got.length == want.length ? Optional.ofNullable(deviceId) : Optional.empty();
  }

  /**
   * Parses {@code NAME=PATTERN@QOS[,NAME=PATTERN@QOS...]}; {@code @QOS} defaults to 1 and {@code
   * NAME=} to {@code route-N}.
   */
  public static List<Route> parseAll(String key, String value) {
    List<Route> routes = new ArrayList<>();
    for (String part : value.split(",")) {
      String spec = part.trim();
      if (spec.isEmpty()) {
        continue;
      }
      try {
        String name = "route-" + (routes.size() + 1);
        int eq = spec.indexOf('=');
        if (eq > 0) {
          name = spec.substring(0, eq).trim();
          spec = spec.substring(eq + 1).trim();
        }
        int qos = 1;
        int at = spec.lastIndexOf('@');
        if (at > 0) {
          qos = Integer.parseInt(spec.substring(at + 1).trim());
          spec = spec.substring(0, at).trim();
        }
        routes.add(new Route(name, spec, qos));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "Invalid route '"
                + part.trim()
                + "' in "
                + key
                + ": "
                + e.getMessage()
                + ". Expected NAME=PATTERN@QOS, e.g. telemetry=devices/{deviceId}/telemetry@1",
            e);
      }
    }
    if (routes.isEmpty()) {
      throw new ConfigurationException(
          key + " must name at least one route, e.g. telemetry=devices/{deviceId}/telemetry@1");
    }
    return List.copyOf(routes);
  }

  /** The first route whose pattern matches the topic, with the device id it yields. */
  public static Optional<Match> match(List<Route> routes, String topic) {
    for (Route r : routes) {
      Optional<String> id = r.deviceIdOf(topic);
      if (id.isPresent()) {
        return Optional.of(new Match(r, id.get()));
      }
    }
    return Optional.empty();
  }

  /** A route that matched a topic, and the device id taken from the topic. */
  public record Match(Route route, String deviceId) {}

  private static boolean isPlaceholder(String level) {
    return level.length() > 2 && level.startsWith("{") && level.endsWith("}");
  }

  private static void validate(String name, String pattern, int qos) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("route name is empty");
    }
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2");
    }
    if (pattern == null || !pattern.contains(DEVICE_ID)) {
      throw new IllegalArgumentException("pattern must contain " + DEVICE_ID);
    }
    String[] levels = pattern.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.equals("#") && i != levels.length - 1) {
        throw new IllegalArgumentException("# must be the last level");
      }
      if ((l.contains("+") || l.contains("#") || l.contains("{") || l.contains("}"))
          && !(l.equals("+") || l.equals("#") || isPlaceholder(l))) {
        throw new IllegalArgumentException("level '" + l + "' mixes a wildcard with text");
      }
    }
  }
}
