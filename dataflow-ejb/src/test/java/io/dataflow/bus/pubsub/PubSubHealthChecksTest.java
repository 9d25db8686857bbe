package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

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
    HealthCheckResponse r =
        PubSubHealthChecks.report("ready", List.of(ready, starting), PubSubChannelStatus::ready);

    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(r.getData().orElseThrow())
        .containsEntry("incoming:raw-in", "UP projects/p/subscriptions/enrich (running)")
        .containsEntry(
            "outgoing:enriched-out", "DOWN projects/p/topics/enriched (no upstream yet)");
  }

  @Test
  void upWithNoPubSubChannel() {
    assertThat(
            PubSubHealthChecks.report("alive", List.of(), PubSubChannelStatus::alive).getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
  }
}
