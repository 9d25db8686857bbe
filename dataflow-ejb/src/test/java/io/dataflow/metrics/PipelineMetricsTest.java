package io.dataflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  @Test
  void deadLettersAreCountedByStageAndReasonWithBoundedReasons() {
    PipelineMetrics m = PipelineMetrics.unregistered();
    m.deadLettered("ingestion", "oversize");
    m.deadLettered("ingestion", "oversize");
    m.deadLettered("enrich", "unknown-device");
    for (int i = 0; i < PipelineMetrics.MAX_REASONS_PER_STAGE + 5; i++) {
      m.deadLettered("bigquery", "reason-" + i);
    }
    assertThat(m.deadLetters("ingestion", "oversize")).isEqualTo(2);
    assertThat(m.deadLetters("enrich", "unknown-device")).isEqualTo(1);
    assertThat(m.stage("ingestion").deadLetteredCount()).isEqualTo(2);
    assertThat(m.stage("bigquery").deadLetteredCount())
        .isEqualTo(PipelineMetrics.MAX_REASONS_PER_STAGE + 5);
    // 32 named reasons, then every later reason counts as "other".
    assertThat(m.deadLetters("bigquery", "reason-31")).isEqualTo(1);
    assertThat(m.deadLetters("bigquery", "other")).isEqualTo(5);
    assertThat(m.deadLetters("bigquery", "reason-" + (PipelineMetrics.MAX_REASONS_PER_STAGE + 1)))
        .isZero();
  }

  @Test
  void aBoundCountCarriesWhatWasCountedBeforeAndCountsIntoTheCounter() {
    Count c = new Count();
    c.inc();
    c.add(4);
    Counter registered = new Count.Local();
    c.bind(registered);
    c.inc();
    assertThat(registered.getCount()).isEqualTo(6);
    assertThat(c.get()).isEqualTo(6);
  }

  @Test
  void stageCountsAreReadBackAsTheConsoleShowsThem() {
    PipelineMetrics m = PipelineMetrics.unregistered();
    StageMetrics s = m.stage("enrich");
    s.received();
    s.received();
    s.published();
    s.acked();
    assertThat(s.receivedCount()).isEqualTo(2);
    assertThat(s.inFlight()).isEqualTo(1);
    assertThat(m.all()).extracting(StageMetrics::stage).containsExactly("enrich");
  }
}
