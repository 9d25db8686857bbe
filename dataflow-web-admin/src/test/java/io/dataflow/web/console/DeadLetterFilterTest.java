package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.admin.DeadLetterView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {
  private static DeadLetterView d(String id, String stage, String reason) {
    return new DeadLetterView(
        id,
        "dl-" + id,
        "dev",
        stage,
        reason,
        "err",
        Instant.EPOCH,
        "{}",
        DeadLetterView.DEAD,
        null,
        null);
  }

  private final List<DeadLetterView> newestFirst =
      List.of(
          d("3", "enrich", "unknown-device"),
          d("2", "ingestion", "oversize"),
          d("1", "enrich", "max-attempts"));

  @Test
  void emptyFiltersKeepEverythingNewestFirst() {
    assertThat(DeadLetterFilter.apply(newestFirst, "", null))
        .extracting(DeadLetterView::id)
        .containsExactly("3", "2", "1");
  }

  @Test
  void filtersByStageAndReason() {
    assertThat(DeadLetterFilter.apply(newestFirst, "enrich", ""))
        .extracting(DeadLetterView::id)
        .containsExactly("3", "1");
    assertThat(DeadLetterFilter.apply(newestFirst, "enrich", "max-attempts"))
        .extracting(DeadLetterView::id)
        .containsExactly("1");
  }

  @Test
  void menuValuesAreDistinctAndSorted() {
    assertThat(DeadLetterFilter.values(newestFirst, DeadLetterView::stage))
        .containsExactly("enrich", "ingestion");
  }
}
