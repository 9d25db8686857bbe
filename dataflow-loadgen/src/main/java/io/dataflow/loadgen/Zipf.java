package io.dataflow.loadgen;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Zipf distribution over ranks {@code 0..n-1}: rank {@code k} is drawn with probability
 * proportional to {@code 1/(k+1)^s}. {@code s = 0} is uniform; {@code s = 1} is the classic "a few
 * hot devices" shape. Sampling is a binary search in the precomputed cumulative distribution, so it
 * is exact and O(log n).
 */
public final class Zipf {
  private final double[] cumulative;
  private final double exponent;

  public Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    if (exponent < 0 || Double.isNaN(exponent)) {
      throw new IllegalArgumentException("exponent must be >= 0, got " + exponent);
    }
    this.exponent = exponent;
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += weight(k);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** The number of ranks. */
  public int size() {
    return cumulative.length;
  }

  /** The exact probability of rank {@code k}. */
  public double probability(int k) {
    return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
  }

  /** Draws a rank in {@code [0, size())}. */
  public int sample(RandomGenerator random) {
    double u = random.nextDouble();
    int i = Arrays.binarySearch(cumulative, u);
    // binarySearch gives -(insertion point) - 1 when u is not an exact boundary.
    int rank = i >= 0 ? i + 1 : -i - 1;
    return Math.min(rank, cumulative.length - 1);
  }

  private double weight(int k) {
    return 1.0 / Math.pow(k + 1, exponent);
  }
}
