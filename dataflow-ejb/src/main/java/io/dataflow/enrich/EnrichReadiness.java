package io.dataflow.enrich;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.adapter.ReloadingDeviceRegistry;
import io.dataflow.enrich.lookup.TieredLoader;
import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the enrich stage. A lost L2 does not make the stage unready (lookups fall through to
 * L3): it stays UP with {@code l2=down} and {@code degraded=true}. L3 trouble is reported the same
 * way; the affected lookups are tried again until L3 answers, nothing is lost or dead-lettered.
 */
@Readiness
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class EnrichReadiness implements DetailedHealthCheck {
  @Inject EnrichTiers tiers;

  @Override
  public HealthReport report() {
    return status(
        tiers.lookup().lowerTiers(),
        tiers.deviceFile().flatMap(ReloadingDeviceRegistry::lastError));
  }

  /** UP, with the state of each tier as data; L2's last error for admins only. */
  public static HealthReport status(TieredLoader lower) {
    return status(lower, Optional.empty());
  }

  /**
   * UP, with the state of each tier as data; L2's last error for admins only. An invalid device
   * file ({@code deviceFileError}) is {@code device-file=invalid} and degraded: lookups go on with
   * the previous registry; the error is a detail for admins.
   */
  public static HealthReport status(TieredLoader lower, Optional<String> deviceFileError) {
    String l2 = !lower.hasL2() ? "off" : lower.l2Available() ? "up" : "down";
    boolean degraded = "down".equals(l2) || !lower.l3Available() || deviceFileError.isPresent();
    HealthReport.Builder b =
        HealthReport.named("enrich")
            .data("l1", "up")
            .data("l2", l2)
            .data("l3", lower.l3Available() ? "up" : "down")
            .data("degraded", degraded);
    if (deviceFileError.isPresent()) {
      b.data("device-file", "invalid, previous registry in use");
      b.detail("device-file-error", deviceFileError.get());
    }
    if ("down".equals(l2)) {
      b.detail("l2-error", lower.l2LastError());
    }
    return b.build(true);
  }
}
