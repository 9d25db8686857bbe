package io.dataflow.admin;

import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;

/** The console's login figures, for the web module's login throttle. */
@ApplicationScoped
public class LoginMetrics {
  @Inject PipelineMetrics metrics;

  /**
   * Counts one login attempt refused by the throttle on a channel: {@code form} or {@code basic}.
   */
  public void throttled(String channel) {
    Counter c =
        metrics.counter(
            MetricCatalog.ADMIN_LOGIN_THROTTLED, PipelineMetrics.tag("channel", channel));
    if (c != null) {
      c.inc();
    }
  }
}
