package io.dataflow.bus.pubsub;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
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
  HealthCheck readiness() {
    return () ->
        report("dataflow-pubsub-channels-ready", connector.status(), PubSubChannelStatus::ready);
  }

  @Produces
  @Liveness
  HealthCheck liveness() {
    return () ->
        report("dataflow-pubsub-channels-alive", connector.status(), PubSubChannelStatus::alive);
  }

  static HealthCheckResponse report(
      String name, List<PubSubChannelStatus> channels, Predicate<PubSubChannelStatus> ok) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (PubSubChannelStatus c : channels) {
      data.put(
          c.direction() + ":" + c.channel(),
          (ok.test(c) ? "UP " : "DOWN ") + c.resource() + " (" + c.detail() + ")");
    }
    return new HealthCheckResponse(
        name,
        channels.stream().allMatch(ok)
            ? HealthCheckResponse.Status.UP
            : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }
}
