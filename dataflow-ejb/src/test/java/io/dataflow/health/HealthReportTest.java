package io.dataflow.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class HealthReportTest {
  @Test
  void publicDataHoldsOnlyTheTypesMicroProfileHealthServes() {
    HealthReport r =
        HealthReport.named("x")
            .data("count", 3)
            .data("big", 4L)
            .data("ok", true)
            .data("state", "idle")
            .data("age", Duration.ofSeconds(5))
            .build(true);

    assertThat(r.response().getData().orElseThrow())
        .containsEntry("count", 3L)
        .containsEntry("big", 4L)
        .containsEntry("ok", true)
        .containsEntry("state", "idle")
        .containsEntry("age", "PT5S");
    assertThat(r.response().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void detailsAreLeftOutOfTheResponseAndLoseUrlPasswords() {
    HealthReport r =
        HealthReport.named("x")
            .data("connected", false)
            .detail("url", "tcp://ingest:s3cret@broker:1883")
            .build(false);

    assertThat(r.response().getData().orElseThrow()).doesNotContainKey("url");
    assertThat(r.details()).containsEntry("url", "tcp://ingest:***@broker:1883");
    assertThat(r.response().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
  }
}
