package io.dataflow.health;

import io.dataflow.config.Redaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * One health check's result in two parts: what {@code /health} shows to anyone (status and short,
 * non-sensitive data: states, counts, a short reason) and the details an administrator needs to act
 * (URLs without credentials, destinations, the last error's full text), served only to admins by
 * the admin API.
 *
 * @param name the check's name, as in {@code /health}
 * @param up whether the check passes
 * @param data the public data
 * @param details the data for administrators only
 */
public record HealthReport(
    String name, boolean up, Map<String, Object> data, Map<String, Object> details) {

  public HealthReport {
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A report to fill in: {@link Builder#data} for everyone, {@link Builder#detail} for admins. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The public response of {@code /health}. */
  public HealthCheckResponse response() {
    // The constructor, not HealthCheckResponse.named(..): it needs no provider outside the server.
    return new HealthCheckResponse(
        name,
        up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }

  /** Fills a {@link HealthReport}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Public data: a state, a count, a short reason; never a URL or an error's text. */
    public Builder data(String key, Object value) {
      data.put(key, healthValue(value));
      return this;
    }

    /** Data for administrators only; URLs lose their credentials. */
    public Builder detail(String key, Object value) {
      details.put(key, value instanceof String s ? Redaction.credentialsInUrls(s) : value);
      return this;
    }

    /**
     * MicroProfile Health's data holds strings, booleans and longs only (Liberty's {@code /health}
     * fails on an Integer), so counts become longs and anything else its text.
     */
    private static Object healthValue(Object value) {
      if (value instanceof String || value instanceof Boolean || value instanceof Long) {
        return value;
      }
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      return String.valueOf(value);
    }

    public HealthReport build(boolean up) {
      return new HealthReport(name, up, data, details);
    }
  }
}
