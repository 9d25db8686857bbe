package io.dataflow.admin;

import io.dataflow.replay.ReplayResult;
import java.util.List;

/**
 * What a dead-letter replay did, as the API answers it.
 *
 * @param matched dead letters the filter selected
 * @param replayable of those, the ones published again (in a dry run: that would be)
 * @param replayed published again and marked replayed (0 in a dry run)
 * @param refusedCount how many were refused
 * @param refused the first refusals (at most 100), each with its reason
 * @param dryRun whether nothing was published
 */
public record DeadLetterReplayOutcome(
    int matched,
    int replayable,
    int replayed,
    int refusedCount,
    List<Refused> refused,
    boolean dryRun) {

  /**
   * One dead letter not replayed.
   *
   * @param deadLetterId its id
   * @param envelopeId its envelope's id
   * @param stage the stage that dead-lettered it
   * @param reason its dead-letter reason
   * @param refusal why it was not replayed
   */
  public record Refused(
      String deadLetterId, String envelopeId, String stage, String reason, String refusal) {}

  static DeadLetterReplayOutcome of(ReplayResult r) {
    return new DeadLetterReplayOutcome(
        r.matched(),
        r.replayable(),
        r.replayed(),
        r.refusedCount(),
        r.refused().stream()
            .map(
                x ->
                    new Refused(
                        x.deadLetterId(), x.envelopeId(), x.stage(), x.reason(), x.refusal()))
            .toList(),
        r.dryRun());
  }
}
