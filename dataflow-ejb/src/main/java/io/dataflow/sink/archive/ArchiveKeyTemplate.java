package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link ArchiveGroupKey} of an envelope from a template such as {@code
 * {yyyy}/{MM}/{dd}/{location}}. Dates come from the event time in UTC. A placeholder whose value is
 * missing or blank becomes {@code unknown}; every value is sanitised so it stays inside its path
 * segment (a {@code /} in a value becomes {@code _}). Thread-safe and immutable.
 */
public final class ArchiveKeyTemplate {
  static final String UNKNOWN = "unknown";
  private static final int MAX_VALUE_LENGTH = 100;

  private final String template;
  private final List<Function<Envelope, String>> parts;

  private ArchiveKeyTemplate(String template, List<Function<Envelope, String>> parts) {
    this.template = template;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the placeholder or text that is not allowed
   */
  public static ArchiveKeyTemplate parse(String template) {
    List<Function<Envelope, String>> parts = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        parts.add(literal(template.substring(i)));
        break;
      }
      if (open > i) {
        parts.add(literal(template.substring(i, open)));
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' at position " + open);
      }
      parts.add(placeholder(template.substring(open + 1, close).trim()));
      i = close + 1;
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("empty template");
    }
    ArchiveKeyTemplate parsed = new ArchiveKeyTemplate(template, List.copyOf(parts));
    // Every placeholder renders as a non-empty safe segment part, so one rendering checks the
    // literal text and the slashes for all envelopes.
    parsed.render(probe());
    return parsed;
  }

  /** The group key of an envelope. */
  public ArchiveGroupKey keyOf(Envelope envelope) {
    return render(envelope);
  }

  public String template() {
    return template;
  }

  private ArchiveGroupKey render(Envelope envelope) {
    StringBuilder key = new StringBuilder(64);
    for (Function<Envelope, String> part : parts) {
      key.append(part.apply(envelope));
    }
    try {
      return new ArchiveGroupKey(key.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "template '"
              + template
              + "' yields '"
              + key
              + "': use letters, digits, . _ - and single"
              + " slashes between placeholders",
          e);
    }
  }

  private static Function<Envelope, String> literal(String text) {
    return e -> text;
  }

  private static Function<Envelope, String> placeholder(String name) {
    Function<Envelope, Object> value = valueOf(name);
    return e -> sanitise(value.apply(e));
  }

  private static Function<Envelope, Object> valueOf(String name) {
    switch (name) {
      case "yyyy":
        return e -> pad(utc(e).getYear(), 4);
      case "MM":
        return e -> pad(utc(e).getMonthValue(), 2);
      case "dd":
        return e -> pad(utc(e).getDayOfMonth(), 2);
      case "HH":
        return e -> pad(utc(e).getHour(), 2);
      case "deviceId":
        return Envelope::deviceId;
      case "id":
        return Envelope::id;
      case "source.topic":
        return e -> e.source().topic();
      case "source.route":
        return e -> e.source().route();
      case "location":
        return e -> path(e.enrichment(), "location");
      default:
        if (name.startsWith("attr.") && name.length() > 5) {
          String attribute = name.substring(5);
          return e -> e.attributes().get(attribute);
        }
        if (name.startsWith("enrichment.") && name.length() > 11) {
          String path = name.substring(11);
          return e -> path(e.enrichment(), path);
        }
        throw new IllegalArgumentException(
            "unknown placeholder {"
                + name
                + "}: use yyyy, MM, dd, HH, deviceId, id, source.topic, source.route, location,"
                + " attr.NAME or enrichment.NAME");
    }
  }

  /** Zero-padded digits; cheaper than String.format on the per-record path. */
  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static ZonedDateTime utc(Envelope e) {
    return e.eventTime().atZone(ZoneOffset.UTC);
  }

  /** Walks a dotted path through nested maps: {@code site.city}. */
  private static Object path(Map<String, Object> map, String dotted) {
    Object current = map.get(dotted);
    if (current != null) {
      return current;
    }
    current = map;
    for (String step : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(step);
    }
    return current;
  }

  /** A value made safe for one path segment; {@code unknown} when missing or blank. */
  static String sanitise(Object value) {
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      return UNKNOWN;
    }
    String s = value.toString().strip();
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_VALUE_LENGTH));
    for (int i = 0; i < s.length() && out.length() < MAX_VALUE_LENGTH; i++) {
      char c = s.charAt(i);
      out.append(ArchiveGroupKey.isSafeChar(c) ? c : '_');
    }
    String safe = out.toString();
    if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
      return UNKNOWN;
    }
    return safe;
  }

  private static Envelope probe() {
    return Envelope.create(
        "probe",
        Instant.EPOCH,
        Instant.EPOCH,
        new Source("probe", "probe"),
        Payload.bytes(new byte[0]));
  }
}
