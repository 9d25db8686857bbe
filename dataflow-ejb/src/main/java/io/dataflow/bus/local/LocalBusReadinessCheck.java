package io.dataflow.bus.local;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while a journal of the local bus cannot write (a full disk), with the reason naming the
 * directory: publishes fail meanwhile and their producers retry, so intake stops until the storage
 * writes again, without a restart.
 */
@Readiness
@ApplicationScoped
public class LocalBusReadinessCheck implements HealthCheck {
  static final String NAME = "local-bus";

  @Inject LocalBus bus;

  @Override
  public HealthCheckResponse call() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("journal", bus.journaled() ? "on" : "off");
    Optional<String> problem = bus.storageProblem();
    problem.ifPresent(reason -> data.put("reason", reason));
    // The constructor, not HealthCheckResponse.named(..): it needs no provider outside the server.
    return new HealthCheckResponse(
        NAME,
        problem.isEmpty() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }
}
