package io.dataflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {
  private static ReplayRequest parse(String stage, String from, String to, List<String> ids)
      throws InvalidReplayRequestException {
    return ReplayRequest.parse(stage, null, null, from, to, ids, false, false, 3);
  }

  @Test
  void anUnknownStageIsRefusedWithTheStagesThatExist() {
    assertThatThrownBy(() -> parse("enrichment", null, null, null))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessage("unknown stage 'enrichment'; one of ingestion, enrich, bigquery, archive");
  }

  @Test
  void fromAfterToIsRefused() {
    assertThatThrownBy(() -> parse(null, "2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", null))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessage("from (2026-12-02T00:00:00Z) is after to (2026-12-01T00:00:00Z)");
  }

  @Test
  void anUnreadableTimeIsRefusedWithAnExample() {
    assertThatThrownBy(() -> parse(null, "yesterday", null, null))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessage("from: 'yesterday' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
  }

  @Test
  void tooManyIdsAreRefusedWithTheLimitAndItsSetting() {
    List<String> four = IntStream.range(0, 4).mapToObj(i -> "id" + i).toList();
    assertThatThrownBy(() -> parse(null, null, null, four))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessage("too many ids: 4 given, at most 3 (dataflow.deadletter.replay.max-ids)");
  }

  @Test
  void aReplayWithoutAnyCriterionIsRefusedButADryRunMayCountAll() throws Exception {
    assertThatThrownBy(() -> parse(" ", "", null, Collections.emptyList()))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessageStartingWith("a replay needs at least one of stage, reason");
    assertThat(ReplayRequest.parse(null, null, null, null, null, null, true, false, 3).selectsAll())
        .isTrue();
  }

  @Test
  void theStageIsReadCaseInsensitivelyAndBlankFieldsAreAbsent() throws Exception {
    ReplayRequest r = parse(" BigQuery ", "", " ", List.of("a", " ", "a"));

    assertThat(r.stage()).contains("bigquery");
    assertThat(r.from()).isEmpty();
    assertThat(r.ids()).containsExactly("a");
    assertThat(r.describe()).isEqualTo("stage=bigquery ids=1");
  }
}
