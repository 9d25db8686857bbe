package io.dataflow.bus.mqtt;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/** Ready when every MQTT channel is connected and subscribed. */
@Readiness
@ApplicationScoped
@StageComponent(Stage.INGESTION)
public class MqttReadinessCheck implements HealthCheck {
  @Inject
  @Connector(MqttConnector.NAME)
  MqttConnector connector;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("ingestion-mqtt");
    var sources = connector.sources();
    boolean up = !sources.isEmpty();
    for (MqttSource s : sources) {
      up &= s.isSubscribed();
      b.withData("url", s.url())
          .withData("connected", s.isConnected())
          .withData("subscribed", s.isSubscribed());
      if (!s.lastError().isEmpty()) {
        b.withData("lastError", s.lastError());
      }
      b.withData("awaitingAck", s.awaitingAck());
    }
    if (sources.isEmpty()) {
      b.withData("reason", "no MQTT channel has started yet");
    }
    return b.status(up).build();
  }
}
