package io.dataflow.enrich;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.lookup.TieredLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the enrich stage. A lost L2 does not make the stage unready (lookups fall through to
 * L3): it stays UP with {@code l2=down} and {@code degraded=true}. L3 trouble is reported the same
 * way; the affected messages are nacked and redelivered, not lost.
 */
@Readiness
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class EnrichReadiness implements HealthCheck {
  @Inject EnrichTiers tiers;

  @Override
  public HealthCheckResponse call() {
    return status(tiers.lookup().lowerTiers());
  }

  static HealthCheckResponse status(TieredLoader lower) {
    String l2 = !lower.hasL2() ? "off" : lower.l2Available() ? "up" : "down";
    boolean degraded = "down".equals(l2) || !lower.l3Available();
    var response =
        HealthCheckResponse.named("enrich")
            .up()
            .withData("l1", "up")
            .withData("l2", l2)
            .withData("l3", lower.l3Available() ? "up" : "down")
            .withData("degraded", degraded);
    if ("down".equals(l2)) {
      response.withData("l2-error", lower.l2LastError());
    }
    return response.build();
  }
}
