package io.dataflow.bus.mqtt;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/** Ready when every MQTT channel is connected and subscribed. */
@Readiness
@ApplicationScoped
@StageComponent(Stage.INGESTION)
public class MqttReadinessCheck implements DetailedHealthCheck {
  @Inject
  @Connector(MqttConnector.NAME)
  MqttConnector connector;

  @Override
  public HealthReport report() {
    HealthReport.Builder b = HealthReport.named("ingestion-mqtt");
    var sources = connector.sources();
    boolean up = !sources.isEmpty();
    String reason = sources.isEmpty() ? "no MQTT channel has started yet" : null;
    for (MqttSource s : sources) {
      up &= s.isSubscribed();
      b.data("connected", s.isConnected())
          .data("subscribed", s.isSubscribed())
          .data("awaitingAck", s.awaitingAck())
          .detail("url", s.url());
      if (!s.lastError().isEmpty()) {
        b.detail("lastError", s.lastError());
      }
      if (reason == null && !s.isConnected()) {
        reason = "not connected to the broker";
      } else if (reason == null && !s.isSubscribed()) {
        reason = "connected, not yet subscribed";
      }
    }
    if (reason != null) {
      b.data("reason", reason);
    }
    return b.build(up);
  }
}
