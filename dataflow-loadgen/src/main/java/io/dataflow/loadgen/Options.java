package io.dataflow.loadgen;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options {@code --name=value} or {@code --name value}; a flag without a value is
 * {@code true}. Every read names its default, and {@link #rejectUnknown()} fails on options no
 * command read, so a typo is an error rather than a silently ignored setting.
 */
public final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();

  public Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new UsageException(
            "unexpected argument '" + a + "' (options look like --name=value)");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq > 0) {
        values.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(body, args[++i]);
      } else {
        values.put(body, "true");
      }
    }
  }

  public String string(String name, String def) {
    read.add(name);
    return values.getOrDefault(name, def);
  }

  public int integer(String name, int def) {
    return (int) longValue(name, def);
  }

  public long longValue(String name, long def) {
    String v = string(name, null);
    try {
      return v == null ? def : Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
    }
  }

  public double decimal(String name, double def) {
    String v = string(name, null);
    try {
      return v == null ? def : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got '" + v + "'");
    }
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(string(name, "false"));
  }

  /** A duration such as {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds. */
  public Duration duration(String name, Duration def) {
    String v = string(name, null);
    if (v == null) {
      return def;
    }
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--" + name + " must be a duration like 30s, 500ms or 2m, got '" + v + "'");
    }
  }

  /** Fails if an option was given that no command read. */
  public void rejectUnknown() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown option(s): --" + String.join(", --", unknown));
    }
  }

  /** A command-line mistake: reported with the usage text and exit code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
