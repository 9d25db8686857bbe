package io.dataflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {
  @Test
  void namesAreUniqueSnakeCaseAndFollowPrometheusConventions() {
    List<MetricDef> all = MetricCatalog.all();
    assertThat(all).hasSizeGreaterThan(30);
    Set<String> mp = new HashSet<>();
    Set<String> served = new HashSet<>();
    for (MetricDef d : all) {
      assertThat(mp.add(d.name())).as("MicroProfile name used twice: " + d.name()).isTrue();
      for (String s : d.sampleNames()) {
        assertThat(served.add(s)).as("served name used twice: " + s).isTrue();
      }
      String p = d.prometheusName();
      assertThat(p).matches("dataflow_[a-z0-9_]+").doesNotContain("__");
      assertThat(d.description()).isNotBlank();
      switch (d.type()) {
        case COUNTER -> assertThat(p).endsWith("_total");
        case TIMER -> assertThat(p).endsWith("_duration_seconds");
        default -> assertThat(p).doesNotEndWith("_total");
      }
      assertThat(d.labels()).doesNotContain("device", "deviceId", "device_id");
    }
  }

  @Test
  void servedNamesCarryTheirUnit() {
    assertThat(MetricCatalog.STAGE_MESSAGES.prometheusName())
        .isEqualTo("dataflow_stage_messages_total");
    assertThat(MetricCatalog.SINK_WRITE.prometheusName())
        .isEqualTo("dataflow_sink_write_duration_seconds");
    assertThat(MetricCatalog.SINK_OLDEST_PENDING_AGE.prometheusName())
        .isEqualTo("dataflow_sink_oldest_pending_age_seconds");
    assertThat(MetricCatalog.SINK_PENDING_BYTES.prometheusName())
        .isEqualTo("dataflow_sink_pending_bytes");
    assertThat(MetricCatalog.ARCHIVE_WRITTEN_BYTES.prometheusName())
        .isEqualTo("dataflow_archive_written_bytes_total");
    assertThat(MetricCatalog.SINK_WRITE.sampleNames())
        .contains("dataflow_sink_write_duration_seconds_bucket");
  }

  @Test
  void aRegistrationWithOtherLabelsThanDeclaredIsRefused() {
    PipelineMetrics m = PipelineMetrics.unregistered();
    assertThatThrownBy(() -> m.count(MetricCatalog.SINK_RECORDS, new Tag("sink", "bigquery")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcome");
    assertThatThrownBy(
            () ->
                m.count(MetricCatalog.SINK_BATCHES, new Tag("sink", "x"), new Tag("device", "d1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.gauge(MetricCatalog.SINK_BATCHES, () -> 1, new Tag("sink", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COUNTER");
  }
}
