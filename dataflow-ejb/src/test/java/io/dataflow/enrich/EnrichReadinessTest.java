package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.enrich.lookup.TieredLoader;
import io.dataflow.enrich.testing.FakeCache;
import io.dataflow.enrich.testing.FakeRegistry;
import io.dataflow.health.HealthReport;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class EnrichReadinessTest {
  private final FakeCache l2 = new FakeCache();
  private final FakeRegistry l3 = new FakeRegistry().with("d1", "Boiler", "plant-north");

  @Test
  void staysUpButReportsDegradedWhileL2IsDown() throws Exception {
    TieredLoader lower = new TieredLoader(l2, l3);
    l2.failing = true;
    lower.loadAll(Set.of("d1"));

    HealthReport report = EnrichReadiness.status(lower);
    HealthCheckResponse r = report.response();
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(r.getData().orElseThrow())
        .containsEntry("l2", "down")
        .containsEntry("degraded", true)
        .doesNotContainKey("l2-error");
    assertThat(report.details()).containsKey("l2-error");

    l2.failing = false;
    lower.loadAll(Set.of("d1"));
    assertThat(EnrichReadiness.status(lower).response().getData().orElseThrow())
        .containsEntry("l2", "up")
        .containsEntry("degraded", false);
  }

  @Test
  void reportsL2OffWhenThereIsNone() {
    HealthCheckResponse r = EnrichReadiness.status(new TieredLoader(null, l3)).response();
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(r.getData().orElseThrow())
        .containsEntry("l2", "off")
        .containsEntry("degraded", false);
  }
}
