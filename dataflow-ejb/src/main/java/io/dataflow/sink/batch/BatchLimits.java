package io.dataflow.sink.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * When one group is sealed: whichever limit is reached first. Each group is measured on its own.
 *
 * @param maxRecords records in the group
 * @param maxBytes raw bytes in the group; a record that would take the group past it goes into the
 *     next batch, so a batch stays under it unless one record alone is larger
 * @param maxAge time since the group's first record
 * @param maxIdle time since the group's last record; {@link Duration#ZERO} for none
 */
public record BatchLimits(int maxRecords, long maxBytes, Duration maxAge, Duration maxIdle) {
  public BatchLimits {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxIdle, "maxIdle");
    if (maxRecords < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
    if (maxIdle.isNegative()) {
      throw new IllegalArgumentException("maxIdle must not be negative");
    }
  }

  boolean hasIdle() {
    return !maxIdle.isZero();
  }
}
