package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterHealthTest {
  private final FakeClock clock = new FakeClock();
  private final WriterHealth health = new WriterHealth(clock);

  @Test
  void unhealthyOnlyAfterFailingForLongerThanTheLimit() {
    health.failed(new IllegalStateException("503"));
    clock.advance(Duration.ofSeconds(30));
    health.failed(new IllegalStateException("503 again"));
    clock.advance(Duration.ofSeconds(30));
    assertThat(health.healthy(Duration.ofSeconds(60))).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(health.healthy(Duration.ofSeconds(60))).isFalse();
    assertThat(health.failingFor()).contains(Duration.ofSeconds(61));
    assertThat(health.lastError()).contains("503 again");
  }

  @Test
  void aSuccessEndsTheFailingStreak() {
    health.failed(new IllegalStateException("503"));
    clock.advance(Duration.ofMinutes(5));
    health.succeeded();
    assertThat(health.healthy(Duration.ofSeconds(60))).isTrue();
    assertThat(health.failingFor()).isEmpty();
  }
}
