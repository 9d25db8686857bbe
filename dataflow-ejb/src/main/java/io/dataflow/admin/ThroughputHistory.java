package io.dataflow.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ring buffer of cumulative counter samples, one sample per tick (the sampler ticks every
 * second), keeping a fixed retention (15 minutes for the console chart). Rates and chart points are
 * computed from the differences between samples, so answering costs a few array reads, never a scan
 * of messages.
 *
 * <p>Counters are identified by name ({@code stage.enrich.received}). A counter that appears later
 * than others has no value in older slots; differences that touch such a slot are skipped. A
 * counter that goes backwards (a restarted provider) contributes zero, not a negative rate.
 * Thread-safe.
 */
public final class ThroughputHistory {
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final Clock clock;
  private final int capacity;
  private final long[] times;
  private final Map<String, long[]> values = new HashMap<>();
  private int newest = -1;
  private int size;

  /**
   * @param clock the clock read at each {@link #sample}
   * @param retention how far back samples are kept
   * @param interval the expected time between samples
   */
  public ThroughputHistory(Clock clock, Duration retention, Duration interval) {
    this.clock = clock;
    this.capacity = (int) (retention.toMillis() / interval.toMillis()) + 1;
    this.times = new long[capacity];
  }

  /** Records the current value of every counter, at the clock's current time. */
  public synchronized void sample(Map<String, Long> counters) {
    newest = (newest + 1) % capacity;
    size = Math.min(size + 1, capacity);
    times[newest] = clock.millis();
    for (long[] v : values.values()) {
      v[newest] = UNKNOWN;
    }
    counters.forEach(
        (name, value) -> {
          long[] v =
              values.computeIfAbsent(
                  name,
                  n -> {
                    long[] fresh = new long[capacity];
                    Arrays.fill(fresh, UNKNOWN);
                    return fresh;
                  });
          v[newest] = value;
        });
  }

  /** Samples held, at most the retention divided by the interval, plus one. */
  public synchronized int size() {
    return size;
  }

  /**
   * The mean rate per second of a counter over the last {@code window}: the difference between the
   * newest sample and the oldest one within the window, divided by the time between them. Zero when
   * fewer than two samples are known.
   */
  public synchronized double rate(String counter, Duration window) {
    long[] v = values.get(counter);
    if (v == null || size < 2 || v[newest] == UNKNOWN) {
      return 0;
    }
    long from = times[newest] - window.toMillis();
    int oldest = newest;
    for (int back = 1; back < size; back++) {
      int i = slot(back);
      if (times[i] < from || v[i] == UNKNOWN) {
        break;
      }
      oldest = i;
    }
    return perSecond(Math.max(0, v[newest] - v[oldest]), times[newest] - times[oldest]);
  }

  /**
   * The counter's increase in consecutive steps of {@code step}, oldest first, counted back from
   * the newest sample; each point carries the time at its end.
   */
  public synchronized List<Step> steps(String counter, Duration step) {
    long[] v = values.get(counter);
    List<Step> points = new ArrayList<>();
    if (v == null || size < 2) {
      return points;
    }
    int stride = Math.max(1, (int) Math.round((double) step.toMillis() / interval()));
    for (int back = 0; back + stride < size; back += stride) {
      int end = slot(back);
      int start = slot(back + stride);
      if (v[end] != UNKNOWN && v[start] != UNKNOWN) {
        points.add(
            new Step(
                Instant.ofEpochMilli(times[end]),
                Math.max(0, v[end] - v[start]),
                times[end] - times[start]));
      }
    }
    Collections.reverse(points);
    return points;
  }

  /** Rate per second over each step, oldest first. */
  public List<Point> rates(String counter, Duration step) {
    return steps(counter, step).stream().map(s -> new Point(s.at(), s.perSecond())).toList();
  }

  /** The newest sample's time, or empty when nothing was sampled. */
  public synchronized Optional<Instant> newestSample() {
    return size == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(times[newest]));
  }

  private long interval() {
    if (size < 2) {
      return 1000;
    }
    return Math.max(1, (times[newest] - times[slot(size - 1)]) / (size - 1));
  }

  private int slot(int back) {
    return Math.floorMod(newest - back, capacity);
  }

  static double perSecond(long delta, long millis) {
    return millis <= 0 ? 0 : delta * 1000.0 / millis;
  }

  /**
   * A counter's increase over one step.
   *
   * @param at the end of the step
   * @param delta the increase
   * @param millis the step's length
   */
  public record Step(Instant at, long delta, long millis) {
    public double perSecond() {
      return ThroughputHistory.perSecond(delta, millis);
    }
  }

  /**
   * One chart point.
   *
   * @param at the end of the step
   * @param value the value (a rate per second, or a ratio)
   */
  public record Point(Instant at, double value) {}
}
