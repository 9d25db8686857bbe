package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ZipfTest {
  @Property
  void probabilitiesSumToOneAndFollowThePowerLaw(
      @ForAll @IntRange(min = 1, max = 2000) int n,
      @ForAll @DoubleRange(min = 0, max = 3) double s) {
    Zipf zipf = new Zipf(n, s);
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += zipf.probability(k);
      assertThat(zipf.probability(k) / zipf.probability(0))
          .isCloseTo(1 / Math.pow(k + 1, s), within(1e-9));
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Property
  void samplesAreAlwaysValidRanks(
      @ForAll @IntRange(min = 1, max = 500) int n,
      @ForAll @DoubleRange(min = 0, max = 3) double s,
      @ForAll long seed) {
    Zipf zipf = new Zipf(n, s);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      assertThat(zipf.sample(random)).isBetween(0, n - 1);
    }
  }

  @Test
  void sampledFrequenciesMatchTheDistribution() {
    Zipf zipf = new Zipf(10, 1.0);
    SplittableRandom random = new SplittableRandom(42);
    int draws = 200_000;
    int[] seen = new int[10];
    for (int i = 0; i < draws; i++) {
      seen[zipf.sample(random)]++;
    }
    for (int k = 0; k < 10; k++) {
      assertThat(seen[k] / (double) draws).isCloseTo(zipf.probability(k), within(0.005));
    }
    assertThat(seen[0]).isGreaterThan(seen[1]).isGreaterThan(seen[9]);
  }

  @Test
  void exponentZeroIsUniform() {
    Zipf zipf = new Zipf(4, 0);
    for (int k = 0; k < 4; k++) {
      assertThat(zipf.probability(k)).isCloseTo(0.25, within(1e-12));
    }
  }
}
