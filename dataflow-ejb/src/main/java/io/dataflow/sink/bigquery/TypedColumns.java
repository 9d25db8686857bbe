package io.dataflow.sink.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.sink.bigquery.RowSchema.Column;
import io.dataflow.sink.bigquery.RowSchema.ColumnType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed columns of {@code dataflow.bigquery.columns}: payload fields pulled into columns of
 * their own, beside the envelope columns. The setting is a comma-separated list of entries {@code
 * <column> <TYPE> [from <path>]}, for example {@code temperature FLOAT64 from $.temperature,
 * battery INT64, ok BOOL from $.status.ok, seen TIMESTAMP}:
 *
 * <ul>
 *   <li>{@code column}: lower-case snake_case, not one of the envelope columns;
 *   <li>{@code TYPE}: {@code STRING}, {@code FLOAT64}, {@code INT64}, {@code BOOL}, {@code
 *       TIMESTAMP} or {@code JSON} (case-insensitive);
 *   <li>{@code path}: {@code $} followed by {@code .name} steps into nested objects ({@code
 *       $.a.b}); without {@code from}, {@code $.<column>}.
 * </ul>
 *
 * A field that is absent or JSON {@code null} gives a null column. A field that does not convert to
 * its column's type also gives null, and is named in the row's {@value #ERRORS_COLUMN} column; the
 * row is written, never dropped or dead-lettered for it. The rules of each type are in {@link
 * #convert}.
 *
 * @param columns the typed columns, in the order of the setting
 */
public record TypedColumns(List<TypedColumn> columns) {
  /** The column that names the typed columns whose field did not convert (JSON, or null). */
  public static final String ERRORS_COLUMN = "conversion_errors";

  /** No typed columns. */
  public static final TypedColumns NONE = new TypedColumns(List.of());

  private static final Pattern ENTRY =
      Pattern.compile("(?i)^(\\S+)\\s+(\\S+)(?:\\s+from\\s+(\\S+))?$");
  private static final Pattern PATH = Pattern.compile("^\\$(\\.[A-Za-z0-9_\\-]+)+$");
  private static final Set<ColumnType> TYPES =
      Set.of(
          ColumnType.STRING,
          ColumnType.FLOAT64,
          ColumnType.INT64,
          ColumnType.BOOL,
          ColumnType.TIMESTAMP,
          ColumnType.JSON);
  private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  public TypedColumns {
    columns = List.copyOf(columns);
  }

  /**
   * One typed column.
   *
   * @param name the column name
   * @param type its type
   * @param path where its value is in the payload, e.g. {@code $.a.b}
   */
  public record TypedColumn(String name, ColumnType type, String path) {
    /** The path's steps: {@code $.a.b} is {@code [a, b]}. */
    List<String> steps() {
      return List.of(path.substring(2).split("\\."));
    }

    /** The schema column: always nullable. */
    public Column column() {
      return new Column(name, type, false);
    }
  }

  /**
   * Parses the setting's value.
   *
   * @param spec comma-separated entries; blank for none
   * @param reserved column names an entry may not take (the envelope columns)
   * @throws IllegalArgumentException naming the entry (by position and text) and what is wrong
   */
  public static TypedColumns parse(String spec, Set<String> reserved) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    List<TypedColumn> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] entries = spec.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String where = "entry " + (i + 1) + " '" + entry + "'";
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            where + " is not '<column> <TYPE> [from <path>]', e.g. 'battery INT64 from $.battery'");
      }
      String name = m.group(1);
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException(
            where + ": column name " + name + " is not lower-case snake_case");
      }
      if (reserved.contains(name) || name.equals(ERRORS_COLUMN)) {
        throw new IllegalArgumentException(
            where + ": column " + name + " is already a column of the row");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + ": column " + name + " is mapped twice");
      }
      ColumnType type = type(m.group(2), where);
      String path = m.group(3) == null ? "$." + name : m.group(3);
      if (!PATH.matcher(path).matches()) {
        throw new IllegalArgumentException(
            where
                + ": path "
                + path
                + " is not $ followed by .name steps (letters, digits, _ and -), e.g. $.a.b");
      }
      columns.add(new TypedColumn(name, type, path));
    }
    return new TypedColumns(columns);
  }

  private static ColumnType type(String word, String where) {
    try {
      ColumnType t = ColumnType.valueOf(word.toUpperCase(Locale.ROOT));
      if (TYPES.contains(t)) {
        return t;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        where + ": type " + word + " is not one of STRING, FLOAT64, INT64, BOOL, TIMESTAMP, JSON");
  }

  public boolean isEmpty() {
    return columns.isEmpty();
  }

  /** The schema columns: the typed columns, then {@value #ERRORS_COLUMN}; none when empty. */
  public List<Column> schemaColumns() {
    if (columns.isEmpty()) {
      return List.of();
    }
    List<Column> out = new ArrayList<>();
    columns.forEach(c -> out.add(c.column()));
    out.add(new Column(ERRORS_COLUMN, ColumnType.JSON, false));
    return out;
  }

  /**
   * The typed values of one payload, and the conversion errors by column.
   *
   * @param payload the parsed payload, or null when it is not JSON (every column is then an error)
   */
  public Values values(JsonNode payload) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (TypedColumn c : columns) {
      if (payload == null) {
        values.put(c.name(), null);
        errors.put(c.name(), "the payload is not JSON");
        continue;
      }
      JsonNode node = payload;
      for (String step : c.steps()) {
        node = node.path(step);
      }
      try {
        values.put(c.name(), convert(node, c.type()));
      } catch (IllegalArgumentException e) {
        values.put(c.name(), null);
        errors.put(c.name(), e.getMessage());
      }
    }
    return new Values(values, errors);
  }

  /**
   * The typed values and the errors of one payload.
   *
   * @param values column to value (null where absent or not converted)
   * @param errors column to why its field did not convert; empty when all did
   */
  public record Values(Map<String, Object> values, Map<String, String> errors) {}

  /**
   * A field's value as its column's type; null for an absent field or JSON null.
   *
   * <ul>
   *   <li>STRING: a string as it is; a number or boolean as its JSON text; an object or array as
   *       its JSON text.
   *   <li>FLOAT64: a number, or a string holding one; finite.
   *   <li>INT64: a number or string holding an integer (3 or 3.0) within 64 bits.
   *   <li>BOOL: {@code true}/{@code false}, or a string holding one (any case).
   *   <li>TIMESTAMP: an ISO-8601 string with offset ({@code 2026-11-25T12:00:00Z}, {@code
   *       2026-11-25T13:00:00+01:00}), or an integer number of milliseconds since the epoch;
   *       between years 1 and 9999.
   *   <li>JSON: any value, as its JSON text.
   * </ul>
   *
   * @throws IllegalArgumentException saying what the field holds and what was expected
   */
  static Object convert(JsonNode node, ColumnType type) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    return switch (type) {
      case STRING, TEXT -> node.isTextual() ? node.textValue() : node.toString();
      case JSON -> node.toString();
      case FLOAT64 -> {
        double d;
        if (node.isNumber()) {
          d = node.doubleValue();
        } else if (node.isTextual()) {
          d = parse(node, type, () -> Double.parseDouble(node.textValue().strip()));
        } else {
          throw expected(node, type);
        }
        if (!Double.isFinite(d)) {
          throw expected(node, type);
        }
        yield d;
      }
      case INT64 -> {
        if (node.isNumber()) {
          yield parse(node, type, () -> node.decimalValue().longValueExact());
        }
        if (node.isTextual()) {
          yield parse(node, type, () -> new BigDecimal(node.textValue().strip()).longValueExact());
        }
        throw expected(node, type);
      }
      case BOOL -> {
        if (node.isBoolean()) {
          yield node.booleanValue();
        }
        if (node.isTextual()) {
          String t = node.textValue().strip().toLowerCase(Locale.ROOT);
          if (t.equals("true") || t.equals("false")) {
            yield Boolean.parseBoolean(t);
          }
        }
        throw expected(node, type);
      }
      case TIMESTAMP -> {
        Instant t;
        if (node.isTextual()) {
          t = parse(node, type, () -> OffsetDateTime.parse(node.textValue().strip()).toInstant());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
          t = parse(node, type, () -> Instant.ofEpochMilli(node.longValue()));
        } else {
          throw expected(node, type);
        }
        if (t.isBefore(MIN) || t.isAfter(MAX)) {
          throw expected(node, type);
        }
        yield t;
      }
    };
  }

  private interface Conversion<T> {
    T apply();
  }

  private static <T> T parse(JsonNode node, ColumnType type, Conversion<T> conversion) {
    try {
      return conversion.apply();
    } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
      throw expected(node, type);
    }
  }

  private static IllegalArgumentException expected(JsonNode node, ColumnType type) {
    String shown = node.toString();
    if (shown.length() > 64) {
      shown = shown.substring(0, 61) + "...";
    }
    String what =
        switch (type) {
          case FLOAT64 -> "a finite number";
          case INT64 -> "an integer within 64 bits";
          case BOOL -> "true or false";
          case TIMESTAMP -> "an ISO-8601 time with offset or epoch milliseconds, years 1-9999";
          default -> type.name();
        };
    return new IllegalArgumentException("expected " + what + " for " + type + ", got " + shown);
  }
}
