package io.dataflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadLetterReplayFilterTest {
  @Test
  void everyFieldIsRead() throws Exception {
    DeadLetterReplayFilter f =
        DeadLetterReplayFilter.parse(
            "{\"stage\":\"enrich\",\"reason\":\"unknown-device\",\"deviceId\":\"d1\","
                + "\"from\":\"2026-12-01T00:00:00Z\",\"to\":\"2026-12-02T00:00:00Z\","
                + "\"ids\":[\"a\",\"b\"],\"dryRun\":true,\"includeReplayed\":false}");

    assertThat(f)
        .isEqualTo(
            new DeadLetterReplayFilter(
                "enrich",
                "unknown-device",
                "d1",
                "2026-12-01T00:00:00Z",
                "2026-12-02T00:00:00Z",
                java.util.List.of("a", "b"),
                true,
                false));
  }

  @Test
  void anUnknownFieldIsRefusedSoATypoCannotWidenTheFilter() {
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse("{\"stag\":\"enrich\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("unknown field 'stag'; the filter takes deviceId, dryRun, from");
  }

  @Test
  void noBodyBadJsonAndWrongTypesAreRefusedEachWithItsOwnMessage() {
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse(""))
        .hasMessageStartingWith("a JSON filter is required");
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse("{\"stage\":"))
        .hasMessageStartingWith("the filter is not valid JSON");
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse("[1]"))
        .hasMessage("the filter must be a JSON object, not an array");
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse("{\"ids\":\"a\"}"))
        .hasMessage("ids must be an array of strings");
    assertThatThrownBy(() -> DeadLetterReplayFilter.parse("{\"dryRun\":\"yes\"}"))
        .hasMessage("dryRun must be true or false");
  }
}
