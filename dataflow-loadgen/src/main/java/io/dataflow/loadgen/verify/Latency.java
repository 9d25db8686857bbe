package io.dataflow.loadgen.verify;

import java.util.Arrays;

/** Collects latencies in microseconds and gives nearest-rank percentiles. Not thread-safe. */
public final class Latency {
  private long[] values = new long[1024];
  private int count;
  private boolean sorted = true;

  public void add(long micros) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = micros;
    sorted = false;
  }

  public int count() {
    return count;
  }

  /** The nearest-rank percentile {@code p} (0 < p <= 100) in microseconds; 0 when empty. */
  public long percentile(double p) {
    if (count == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
    int rank = (int) Math.ceil(p / 100.0 * count);
    return values[Math.max(0, Math.min(count, rank) - 1)];
  }

  public long max() {
    return percentile(100);
  }

  /** The summary reported: count, p50, p99, max in milliseconds, and what was measured. */
  public Summary summary(String measures) {
    return new Summary(
        measures, count, percentile(50) / 1000.0, percentile(99) / 1000.0, max() / 1000.0);
  }

  /** Latency figures in milliseconds. */
  public record Summary(String measures, int count, double p50Ms, double p99Ms, double maxMs) {}
}
