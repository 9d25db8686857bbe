package io.dataflow.sink.bigquery;

import java.util.Map;
import java.util.Objects;

/**
 * One row to write.
 *
 * @param insertId the de-duplication id: the envelope id, the same on every redelivery
 * @param values column name to value ({@code String}, {@link java.time.Instant}, {@code Double},
 *     {@code Long} or {@code Boolean}, by {@link RowSchema.ColumnType}); absent or null for no
 *     value
 * @param bytes the estimated size of the row in an insert request, counted by the batch byte limit
 */
public record Row(String insertId, Map<String, Object> values, long bytes) {
  public Row {
    Objects.requireNonNull(insertId, "insertId");
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** A row whose size is estimated from its values. */
  public static Row of(String insertId, Map<String, Object> values) {
    return new Row(insertId, values, RowSize.estimate(insertId, values));
  }
}
