package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.health.HealthReport;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class PubSubHealthChecksTest {
  private final PubSubChannelStatus ready =
      new PubSubChannelStatus(
          "raw-in", "incoming", "projects/p/subscriptions/enrich", true, true, "running");
  private final PubSubChannelStatus starting =
      new PubSubChannelStatus(
          "enriched-out", "outgoing", "projects/p/topics/enriched", false, true, "no upstream yet");

  @Test
  void upOnlyWhenEveryChannelPasses() {
    HealthReport report =
        PubSubHealthChecks.report("ready", List.of(ready, starting), PubSubChannelStatus::ready);
    HealthCheckResponse r = report.response();

    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(r.getData().orElseThrow())
        .containsEntry("incoming:raw-in", "UP")
        .containsEntry("outgoing:enriched-out", "DOWN");
    assertThat(report.details())
        .containsEntry("incoming:raw-in", "projects/p/subscriptions/enrich (running)")
        .containsEntry("outgoing:enriched-out", "projects/p/topics/enriched (no upstream yet)");
  }

  @Test
  void upWithNoPubSubChannel() {
    assertThat(
            PubSubHealthChecks.report("alive", List.of(), PubSubChannelStatus::alive)
                .response()
                .getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
  }
}
