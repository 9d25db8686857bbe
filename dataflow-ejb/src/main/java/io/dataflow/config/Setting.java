package io.dataflow.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * One configuration key, declared once with its type, default and description. {@link
 * #read(Config)} converts and validates the value and fails with a message naming the key and what
 * is allowed.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String key;
  private final String defaultValue;
  private final String description;
  private final String allowed;
  private final Function<String, T> parser;

  private Setting(
      String key,
      String defaultValue,
      String description,
      String allowed,
      Function<String, T> parser) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.allowed = allowed;
    this.parser = parser;
  }

  public static Setting<String> string(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, description, "any text", s -> s);
  }

  public static Setting<Integer> integer(
      String key, int defaultValue, int min, int max, String description) {
    return new Setting<>(
        key,
        Integer.toString(defaultValue),
        description,
        "an integer from " + min + " to " + max,
        s -> {
          int v = Integer.parseInt(s.trim());
          if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
          }
          return v;
        });
  }

  public static Setting<Long> longValue(
      String key, long defaultValue, long min, long max, String description) {
    return new Setting<>(
        key,
        Long.toString(defaultValue),
        description,
        "an integer from " + min + " to " + max,
        s -> {
          long v = Long.parseLong(s.trim());
          if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
          }
          return v;
        });
  }

  public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
    return new Setting<>(
        key,
        Boolean.toString(defaultValue),
        description,
        "true or false",
        s ->
            switch (s.trim().toLowerCase(Locale.ROOT)) {
              case "true" -> true;
              case "false" -> false;
              default -> throw new IllegalArgumentException("not a boolean");
            });
  }

  /** A duration written as ISO-8601 ({@code PT5S}) or as a number with a unit: ms, s, m, h, d. */
  public static Setting<Duration> duration(String key, String defaultValue, String description) {
    return new Setting<>(
        key,
        defaultValue,
        description,
        "a duration such as 500ms, 5s, 2m or PT5S",
        Setting::parseDuration);
  }

  /**
   * A duration from {@code min} to {@code max} (both included), written as for {@link
   * #duration(String, String, String)}.
   */
  public static Setting<Duration> duration(
      String key, String defaultValue, Duration min, Duration max, String description) {
    return new Setting<>(
        key,
        defaultValue,
        description,
        "a duration from " + format(min) + " to " + format(max) + ", such as 500ms, 5s or 2m",
        s -> {
          Duration d = parseDuration(s);
          if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("out of range");
          }
          return d;
        });
  }

  /** One of a fixed set of lower-case words. */
  public static Setting<String> oneOf(
      String key, String defaultValue, List<String> values, String description) {
    return new Setting<>(
        key,
        defaultValue,
        description,
        "one of " + String.join(", ", values),
        s -> {
          String v = s.trim().toLowerCase(Locale.ROOT);
          if (!values.contains(v)) {
            throw new IllegalArgumentException("not allowed");
          }
          return v;
        });
  }

  /** A setting with no default: empty means "not set", read with {@link #readOptional}. */
  public static Setting<String> optionalString(String key, String description) {
    return new Setting<>(key, "", description, "any text; empty means not set", s -> s);
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public String allowed() {
    return allowed;
  }

  /** The environment-variable form of the key, as MicroProfile Config maps it. */
  public String environmentVariable() {
    return environmentVariableOf(key);
  }

  /** Reads and validates the value, falling back to the default. */
  public T read(Config config) {
    String raw = config.getOptionalValue(key, String.class).orElse(defaultValue);
    return parse(raw);
  }

  /** Reads the value; empty when neither set nor defaulted to a non-empty value. */
  public Optional<T> readOptional(Config config) {
    Optional<String> raw = config.getOptionalValue(key, String.class).filter(s -> !s.isBlank());
    if (raw.isEmpty() && defaultValue.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parse(raw.orElse(defaultValue)));
  }

  /** Converts a raw value, failing with a message that names the key and the allowed values. */
  public T parse(String raw) {
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      throw invalid(raw, "expected " + allowed, e);
    }
  }

  /**
   * The start-up error for a value of this key that is not allowed, for checks beyond the type:
   * {@code Invalid value 'V' for KEY (env ENV): REASON}.
   */
  public ConfigurationException invalid(Object value, String reason) {
    return invalid(key, value, reason, null);
  }

  /** As {@link #invalid(Object, String)}, with the cause. */
  public ConfigurationException invalid(Object value, String reason, Throwable cause) {
    return invalid(key, value, reason, cause);
  }

  /**
   * The one form of the message, also for keys that are not declared settings, such as a channel's
   * attribute ({@code mp.messaging.incoming.raw.stage}).
   */
  public static ConfigurationException invalid(
      String key, Object value, String reason, Throwable cause) {
    String shown = Redaction.credentialsInUrls(String.valueOf(value));
    if (Redaction.isSecretKey(key)) {
      shown = "(secret, not shown)";
    }
    if (!shown.equals(String.valueOf(value))) {
      // The cause's message may quote the value (URISyntaxException does): keep only its type.
      cause = cause == null ? null : new IllegalArgumentException(cause.getClass().getName());
    }
    return new ConfigurationException(
        "Invalid value '"
            + shown
            + "' for "
            + key
            + " (env "
            + environmentVariableOf(key)
            + "): "
            + reason,
        cause);
  }

  private static String environmentVariableOf(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** A duration as the settings are written: 500ms, 10s, 5m, 2h, 1d. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  static Duration parseDuration(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException("unknown unit");
      };
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public String toString() {
    return key + "=" + defaultValue;
  }
}
