package io.dataflow.enrich;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.lookup.TieredLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the enrich stage. A lost L2 does not make the stage unready (lookups fall through to
 * L3): it stays UP with {@code l2=down} and {@code degraded=true}. L3 trouble is reported the same
 * way; the affected lookups are tried again until L3 answers, nothing is lost or dead-lettered.
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

  /** UP, with the state of each tier as data. */
  public static HealthCheckResponse status(TieredLoader lower) {
    String l2 = !lower.hasL2() ? "off" : lower.l2Available() ? "up" : "down";
    boolean degraded = "down".equals(l2) || !lower.l3Available();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("l1", "up");
    data.put("l2", l2);
    data.put("l3", lower.l3Available() ? "up" : "down");
    data.put("degraded", degraded);
    if ("down".equals(l2)) {
      data.put("l2-error", lower.l2LastError());
    }
    // The constructor, not HealthCheckResponse.named(..): it needs no provider outside the server.
    return new HealthCheckResponse("enrich", HealthCheckResponse.Status.UP, Optional.of(data));
  }
}
