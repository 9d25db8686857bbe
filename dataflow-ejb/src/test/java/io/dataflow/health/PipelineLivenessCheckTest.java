package io.dataflow.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class PipelineLivenessCheckTest {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final FakeClock clock = new FakeClock();
  private final Heartbeats heartbeats = new Heartbeats(clock);

  private HealthCheckResponse check() {
    return PipelineLivenessCheck.report(heartbeats.check(LIMIT), LIMIT);
  }

  private static Map<String, Object> data(HealthCheckResponse r) {
    return r.getData().orElseThrow();
  }

  @Test
  void upWithEachWorkersLastProgress() {
    heartbeats.register("journal-raw", () -> false);
    Heartbeat enrich = heartbeats.register("enrich", () -> true);
    clock.advance(Duration.ofSeconds(40));
    enrich.beat();
    clock.advance(Duration.ofSeconds(3));

    HealthCheckResponse r = check();
    assertThat(r.getName()).isEqualTo("pipeline-workers");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r))
        .containsEntry("stall-timeout", "5m")
        .containsEntry("journal-raw", "idle, last progress 43s ago")
        .containsEntry("enrich", "working, last progress 3s ago")
        .doesNotContainKey("reason");
  }

  @Test
  void downNamingTheDeadAndTheStalledWorkers() {
    heartbeats.register("journal-raw", () -> false);
    heartbeats.register("archive-sealer", () -> true);
    heartbeats.register("enrich", () -> false).died("java.lang.OutOfMemoryError");
    clock.advance(Duration.ofMinutes(6));

    HealthCheckResponse r = check();
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r))
        .containsEntry("journal-raw", "idle, last progress 6m ago")
        .containsEntry(
            "archive-sealer",
            "stalled, last progress 6m ago: work pending and no progress for 6m (limit 5m)")
        .containsEntry("enrich", "dead, last progress 6m ago: java.lang.OutOfMemoryError")
        .containsEntry(
            "reason",
            "archive-sealer stalled: work pending and no progress for 6m (limit 5m);"
                + " enrich dead: java.lang.OutOfMemoryError");
  }

  @Test
  void upWithNoWorkerRegistered() {
    assertThat(check().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }
}
