package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.admin.DeadLetterReplayOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaySummaryTest {
  private static DeadLetterReplayOutcome.Refused refused(String why) {
    return new DeadLetterReplayOutcome.Refused("dl", "e", "bigquery", "oversize", why);
  }

  @Test
  void aDryRunSaysHowManyMatchAndWouldBeReplayed() {
    assertThat(ReplaySummary.of(new DeadLetterReplayOutcome(5, 5, 0, 0, List.of(), true)))
        .isEqualTo("Dry run: 5 match, 5 would be replayed.");
  }

  @Test
  void aReplayListsEachDistinctRefusalOnce() {
    DeadLetterReplayOutcome r =
        new DeadLetterReplayOutcome(
            4, 2, 2, 2, List.of(refused("reason oversize"), refused("reason oversize")), false);

    assertThat(ReplaySummary.of(r))
        .isEqualTo("Replayed 2 of 4 matching, 2 refused (reason oversize).");
  }
}
