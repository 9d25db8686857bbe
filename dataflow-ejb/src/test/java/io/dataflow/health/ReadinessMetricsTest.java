package io.dataflow.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ReadinessMetricsTest {
  @Test
  void aCheckIsOneWhileUpAndZeroWhileDownOrFailing() {
    HealthCheck up =
        () -> new HealthCheckResponse("a", HealthCheckResponse.Status.UP, Optional.empty());
    HealthCheck down =
        () -> new HealthCheckResponse("b", HealthCheckResponse.Status.DOWN, Optional.empty());
    HealthCheck failing =
        () -> {
          throw new IllegalStateException("broken");
        };
    assertThat(ReadinessMetrics.up(up)).isEqualTo(1);
    assertThat(ReadinessMetrics.up(down)).isZero();
    assertThat(ReadinessMetrics.up(failing)).isZero();
  }
}
