package io.dataflow.bus.pubsub;

import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * Health of the Pub/Sub channels, one data entry per channel. Ready when every channel is started
 * and attached; alive unless a subscriber failed for good (then a restart is the remedy). With no
 * Pub/Sub channel open (local bus) both are up.
 */
@ApplicationScoped
public class PubSubHealthChecks {
  // @Connector is a CDI qualifier: the connector bean has no @Default.
  @Inject
  @Connector(PubSubConnector.NAME)
  PubSubConnector connector;

  @Produces
  @Readiness
  DetailedHealthCheck readiness() {
    return () ->
        report("dataflow-pubsub-channels-ready", connector.status(), PubSubChannelStatus::ready);
  }

  @Produces
  @Liveness
  DetailedHealthCheck liveness() {
    return () ->
        report("dataflow-pubsub-channels-alive", connector.status(), PubSubChannelStatus::alive);
  }

  /**
   * UP or DOWN per channel for everyone; the subscription or topic and its state's text for admins.
   */
  static HealthReport report(
      String name, List<PubSubChannelStatus> channels, Predicate<PubSubChannelStatus> ok) {
    HealthReport.Builder b = HealthReport.named(name);
    for (PubSubChannelStatus c : channels) {
      String key = c.direction() + ":" + c.channel();
      b.data(key, ok.test(c) ? "UP" : "DOWN").detail(key, c.resource() + " (" + c.detail() + ")");
    }
    return b.build(channels.stream().allMatch(ok));
  }
}
