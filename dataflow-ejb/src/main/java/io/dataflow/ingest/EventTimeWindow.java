package io.dataflow.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The range an event time must fall in, relative to the receive time, and what happens to a message
 * whose event time is outside it. Every store downstream can hold a time in this range (H2's and
 * BigQuery's TIMESTAMP end in the year 9999; object names take a 4-digit year), so an odd device
 * clock or a garbled field cannot reach a sink as a time it refuses.
 *
 * @param maxAge how far before the receive time an event time may lie
 * @param maxAhead how far after the receive time
 * @param outOfRange the policy for a time outside the range
 */
public record EventTimeWindow(Duration maxAge, Duration maxAhead, OutOfRange outOfRange) {
  /** The defaults of the settings: 100 years back, 1 day ahead, keep with the receive time. */
  public static final EventTimeWindow DEFAULT =
      new EventTimeWindow(Duration.ofDays(36500), Duration.ofDays(1), OutOfRange.RECEIVE_TIME);

  /** What happens to a message whose event time is out of range. */
  public enum OutOfRange {
    /** Kept, with the receive time as its event time and the original value in an attribute. */
    RECEIVE_TIME,
    /** Dead-lettered with reason {@code event-time-out-of-range}. */
    DEAD_LETTER;

    static OutOfRange of(String setting) {
      return valueOf(setting.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** Whether an event time is in range for a message received at {@code received}. */
  public boolean contains(Instant eventTime, Instant received) {
    return !eventTime.isBefore(received.minus(maxAge))
        && !eventTime.isAfter(received.plus(maxAhead));
  }
}
