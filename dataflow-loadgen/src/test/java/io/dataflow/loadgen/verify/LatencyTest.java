package io.dataflow.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTest {
  @Test
  void percentilesAreNearestRank() {
    Latency l = new Latency();
    for (int i = 100; i >= 1; i--) {
      l.add(i * 1000L);
    }
    assertThat(l.percentile(50)).isEqualTo(50_000);
    assertThat(l.percentile(99)).isEqualTo(99_000);
    assertThat(l.max()).isEqualTo(100_000);
    assertThat(l.summary("x").p99Ms()).isEqualTo(99.0);
  }

  @Test
  void emptyLatencyReportsZeroCount() {
    assertThat(new Latency().summary("x").count()).isZero();
  }

  @Test
  void rangesCompressRuns() {
    assertThat(Ranges.of(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1-3,5,7-8");
    assertThat(Ranges.of(List.of())).isEmpty();
  }
}
