package io.dataflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputHistoryTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ThroughputHistory history =
      new ThroughputHistory(clock, Duration.ofMinutes(15), SECOND);

  /** Samples {@code seconds} ticks, the counter growing by {@code perSecond} each tick. */
  private long feed(String counter, long start, int seconds, long perSecond) {
    long value = start;
    for (int i = 0; i < seconds; i++) {
      history.sample(Map.of(counter, value));
      clock.advance(SECOND);
      value += perSecond;
    }
    return value;
  }

  @Test
  void rateOverOneMinuteIsTheIncreaseOverTheLastMinute() {
    long v = feed("c", 0, 300, 10); // 10/s for five minutes
    feed("c", v, 61, 100); // then 100/s for the last minute

    assertThat(history.rate("c", Duration.ofMinutes(1))).isCloseTo(100, within(0.01));
  }

  @Test
  void rateOverFiveMinutesAveragesTheWholeWindow() {
    long v = feed("c", 0, 300, 10);
    feed("c", v, 61, 100);

    // 240 s at 10/s + 60 s at 100/s over 300 s
    assertThat(history.rate("c", Duration.ofMinutes(5)))
        .isCloseTo((2400 + 6000) / 300.0, within(0.01));
  }

  @Test
  void rateUsesTheAvailableSpanWhenHistoryIsShorterThanTheWindow() {
    feed("c", 0, 11, 5);

    assertThat(history.rate("c", Duration.ofMinutes(5))).isCloseTo(5, within(0.01));
  }

  @Test
  void rateIsZeroWithFewerThanTwoSamplesOrAnUnknownCounter() {
    history.sample(Map.of("c", 42L));

    assertThat(history.rate("c", Duration.ofMinutes(1))).isZero();
    assertThat(history.rate("missing", Duration.ofMinutes(1))).isZero();
  }

  @Test
  void keepsFifteenMinutesAndDropsOlderSamples() {
    feed("c", 0, 2000, 1);

    assertThat(history.size()).isEqualTo(15 * 60 + 1);
    List<ThroughputHistory.Step> steps = history.steps("c", Duration.ofSeconds(5));
    assertThat(steps).hasSize(180);
    assertThat(Duration.between(steps.get(0).at(), steps.get(steps.size() - 1).at()))
        .isEqualTo(Duration.ofSeconds(5 * 179));
  }

  @Test
  void stepsAreOldestFirstWithTheIncreasePerStep() {
    feed("c", 0, 11, 2); // 2/s for t=0..10, reaching 20
    feed("c", 40, 10, 20); // 20/s from t=11

    List<ThroughputHistory.Step> steps = history.steps("c", Duration.ofSeconds(5));
    assertThat(steps)
        .extracting(ThroughputHistory.Step::perSecond)
        .containsExactly(2.0, 2.0, 20.0, 20.0);
    assertThat(steps.get(3).at()).isEqualTo(clock.instant().minusSeconds(1));
  }

  @Test
  void aCounterThatGoesBackwardsCountsAsZeroNotNegative() {
    feed("c", 1000, 5, 10);
    feed("c", 0, 5, 0);

    assertThat(history.rate("c", Duration.ofMinutes(1))).isZero();
  }

  @Test
  void aCounterThatAppearsLaterHasRatesFromItsFirstSampleOnly() {
    feed("a", 0, 30, 1);
    for (int i = 0; i < 11; i++) {
      history.sample(Map.of("a", 30L + i, "b", i * 7L));
      clock.advance(SECOND);
    }

    assertThat(history.rate("b", Duration.ofMinutes(5))).isCloseTo(7, within(0.01));
    assertThat(history.steps("b", Duration.ofSeconds(5))).hasSize(2);
  }

  @Test
  void newestSampleIsTheClockTimeOfTheLastSample() {
    assertThat(history.newestSample()).isEmpty();
    history.sample(Map.of("c", 1L));

    assertThat(history.newestSample()).contains(clock.instant());
  }
}
