package io.dataflow.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check whose result has details for administrators beside what {@code /health} shows to
 * anyone ({@link HealthReport}). The admin API's {@code GET /api/health} lists every such check's
 * report.
 */
public interface DetailedHealthCheck extends HealthCheck {
  /** The current result, with its details. */
  HealthReport report();

  @Override
  default HealthCheckResponse call() {
    return report().response();
  }
}
