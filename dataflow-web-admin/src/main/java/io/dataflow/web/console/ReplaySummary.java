package io.dataflow.web.console;

import io.dataflow.admin.DeadLetterReplayOutcome;
import java.util.stream.Collectors;

/** The one-line message the console shows after a dry run or a replay. */
final class ReplaySummary {
  private static final int REASONS_SHOWN = 3;

  private ReplaySummary() {}

  static String of(DeadLetterReplayOutcome r) {
    StringBuilder b = new StringBuilder();
    if (r.dryRun()) {
      b.append("Dry run: ")
          .append(r.matched())
          .append(" match, ")
          .append(r.replayable())
          .append(" would be replayed");
    } else {
      b.append("Replayed ")
          .append(r.replayed())
          .append(" of ")
          .append(r.matched())
          .append(" matching");
    }
    if (r.refusedCount() > 0) {
      b.append(", ")
          .append(r.refusedCount())
          .append(" refused (")
          .append(
              r.refused().stream()
                  .map(DeadLetterReplayOutcome.Refused::refusal)
                  .distinct()
                  .limit(REASONS_SHOWN)
                  .collect(Collectors.joining("; ")))
          .append(")");
    }
    return b.append('.').toString();
  }
}
