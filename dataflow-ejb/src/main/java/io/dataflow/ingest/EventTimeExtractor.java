package io.dataflow.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads the event time from a JSON payload field: ISO-8601 text (with offset or {@code Z}) or an
 * epoch number. Numbers below 10^11 are epoch seconds (10^11 s is the year 5138; 10^11 ms is 1973),
 * larger ones epoch milliseconds. Streams the payload and stops at the field: no tree is built.
 */
public final class EventTimeExtractor {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final double SECONDS_LIMIT = 1e11;
  private final String[] path;

  public EventTimeExtractor(String field) {
    this.path = field.split("\\.");
  }

  /**
   * An event time read from the payload, with the field's text as it was written.
   *
   * @param time the time
   * @param raw the field's value as text
   */
  public record Found(Instant time, String raw) {}

  /** The event time in a JSON payload, or empty when the field is missing or unreadable. */
  public Optional<Instant> extract(byte[] json) {
    return read(json).map(Found::time);
  }

  /** As {@link #extract}, with the field's text. */
  public Optional<Found> read(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      return find(p, 0);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<Found> find(JsonParser p, int depth) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!name.equals(path[depth])) {
        p.skipChildren();
        continue;
      }
      if (depth < path.length - 1) {
        return value == JsonToken.START_OBJECT ? find(p, depth + 1) : Optional.empty();
      }
      return parse(p, value);
    }
    return Optional.empty();
  }

  private static Optional<Found> parse(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
      String raw = p.getText();
      return fromNumber(p.getDoubleValue()).map(t -> new Found(t, raw));
    }
    if (value == JsonToken.VALUE_STRING) {
      String raw = p.getText();
      String text = raw.trim();
      try {
        return Optional.of(new Found(OffsetDateTime.parse(text).toInstant(), raw));
      } catch (java.time.DateTimeException e) {
        try {
          return fromNumber(Double.parseDouble(text)).map(t -> new Found(t, raw));
        } catch (NumberFormatException notNumber) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> fromNumber(double n) {
    if (Double.isNaN(n) || Double.isInfinite(n) || n < 0) {
      return Optional.empty();
    }
    // Math.round saturates at Long.MAX_VALUE, which Instant holds (the year 292278994).
    long millis = n < SECONDS_LIMIT ? Math.round(n * 1000) : Math.round(n);
    return Optional.of(Instant.ofEpochMilli(millis));
  }
}
