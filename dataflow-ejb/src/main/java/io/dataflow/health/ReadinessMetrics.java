package io.dataflow.health;

import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Publishes every readiness check of the server as the gauge {@code dataflow_ready{check=NAME}}: 1
 * while it is UP, 0 while it is DOWN or fails (MicroProfile Health exports no metric). A check is
 * called when the gauge is read, as {@code /health/ready} would.
 */
@ApplicationScoped
public class ReadinessMetrics {
  @Inject @Readiness Instance<HealthCheck> checks;
  @Inject PipelineMetrics metrics;
  private final Set<String> names = new HashSet<>();

  /** Registers the gauges once, however often the initialization event is observed. */
  synchronized void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    for (HealthCheck c : checks) {
      String name = name(c);
      if (names.add(name)) {
        metrics.gauge(MetricCatalog.READY, () -> up(c), PipelineMetrics.tag("check", name));
      }
    }
  }

  private static String name(HealthCheck c) {
    try {
      return c.call().getName();
    } catch (RuntimeException e) {
      return c.getClass().getSimpleName();
    }
  }

  static int up(HealthCheck c) {
    try {
      return c.call().getStatus() == HealthCheckResponse.Status.UP ? 1 : 0;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
