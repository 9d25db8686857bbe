package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class SeqRangesTest {
  @Test
  void consecutiveNumbersAreOneRange() {
    SeqRanges r = new SeqRanges();
    for (long i = 1; i <= 100_000; i++) {
      r.add(i);
    }
    assertThat(r.size()).isEqualTo(100_000);
    assertThat(r.rangeCount()).isEqualTo(1);
    assertThat(r.first(-1)).isEqualTo(1);
    assertThat(r.countUpTo(500)).isEqualTo(500);
  }

  @Test
  void removingSplitsAndAddingJoins() {
    SeqRanges r = new SeqRanges();
    for (long i = 1; i <= 10; i++) {
      r.add(i);
    }
    assertThat(r.remove(5)).isTrue();
    assertThat(r.remove(5)).isFalse();
    assertThat(r.rangeCount()).isEqualTo(2);
    assertThat(r.contains(5)).isFalse();
    assertThat(r.contains(4)).isTrue();
    assertThat(r.contains(6)).isTrue();
    r.add(5);
    assertThat(r.rangeCount()).isEqualTo(1);
    assertThat(r.size()).isEqualTo(10);
    assertThat(r.remove(1)).isTrue();
    assertThat(r.remove(10)).isTrue();
    assertThat(r.first(-1)).isEqualTo(2);
    assertThat(r.rangeCount()).isEqualTo(1);
  }

  @Test
  void removeBelowDropsAndCountsTheLowerMembers() {
    SeqRanges r = new SeqRanges();
    for (long i = 1; i <= 20; i++) {
      r.add(i);
    }
    r.remove(3);
    r.remove(12);
    assertThat(r.removeBelow(10)).isEqualTo(8);
    assertThat(r.first(-1)).isEqualTo(10);
    assertThat(r.size()).isEqualTo(10);
    assertThat(r.removeBelow(10)).isZero();
    assertThat(r.removeBelow(100)).isEqualTo(10);
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.first(42)).isEqualTo(42);
  }

  @Test
  void behavesAsASetOfNumbers() {
    SeqRanges r = new SeqRanges();
    TreeSet<Long> expected = new TreeSet<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 20_000; i++) {
      long n = random.nextLong(1, 2_000);
      switch (random.nextInt(4)) {
        case 0 -> assertThat(r.remove(n)).isEqualTo(expected.remove(n));
        case 1 -> {
          assertThat(r.removeBelow(n)).isEqualTo(expected.headSet(n).size());
          expected.headSet(n).clear();
        }
        default -> {
          r.add(n);
          expected.add(n);
        }
      }
      assertThat(r.size()).isEqualTo(expected.size());
      assertThat(r.contains(n)).isEqualTo(expected.contains(n));
      assertThat(r.countUpTo(n)).isEqualTo(expected.headSet(n, true).size());
      assertThat(r.first(-1)).isEqualTo(expected.isEmpty() ? -1 : expected.first());
    }
  }
}
