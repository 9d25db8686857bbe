package io.dataflow.health;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.WorkerStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when a pipeline worker of this server has died (its thread ended, its task threw, its pool
 * was shut down) or has had work pending without progress for longer than {@link
 * HealthSettings#STALL_TIMEOUT}: a restart is the remedy. One data entry per worker with its state
 * and the time since its last progress; when DOWN, {@code reason} names the workers and why. A
 * worker that is idle, or that waits out an outage trying again, stays UP.
 */
@Liveness
@ApplicationScoped
public class PipelineLivenessCheck implements HealthCheck {
  static final String NAME = "pipeline-workers";

  @Inject Heartbeats heartbeats;
  @Inject Config config;

  private Duration stallTimeout;

  /** Reads the setting at deployment, so a bad value stops it. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    // Creating the bean is enough: @PostConstruct reads the setting.
  }

  @PostConstruct
  void readSettings() {
    stallTimeout = HealthSettings.STALL_TIMEOUT.read(config);
  }

  @Override
  public HealthCheckResponse call() {
    return report(heartbeats.check(stallTimeout), stallTimeout);
  }

  /** The response for these workers: UP unless one is dead or stalled. */
  public static HealthCheckResponse report(List<WorkerStatus> workers, Duration stallTimeout) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("stall-timeout", Heartbeats.format(stallTimeout));
    for (WorkerStatus w : workers) {
      data.put(w.name(), describe(w));
    }
    String reason =
        workers.stream()
            .filter(WorkerStatus::down)
            .map(
                w -> w.name() + " " + w.state().name().toLowerCase(Locale.ROOT) + ": " + w.reason())
            .collect(Collectors.joining("; "));
    if (!reason.isEmpty()) {
      data.put("reason", reason);
    }
    // The constructor, not HealthCheckResponse.named(..): it needs no provider outside the server.
    return new HealthCheckResponse(
        NAME,
        reason.isEmpty() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }

  private static String describe(WorkerStatus w) {
    String state = w.state().name().toLowerCase(Locale.ROOT);
    String age = "last progress " + Heartbeats.format(w.sinceProgress()) + " ago";
    return w.down() ? state + ", " + age + ": " + w.reason() : state + ", " + age;
  }
}
