package io.dataflow.replay;

import java.util.List;

/**
 * What a replay did.
 *
 * @param matched dead letters the filter selected (each counted once)
 * @param replayable of those, the ones that are (or, in a dry run, would be) published again
 * @param replayed published again and marked; 0 in a dry run
 * @param refusedCount how many were refused, and so not published
 * @param refused the first {@link DeadLetterReplayer#REFUSALS_LISTED} refusals with their reason
 * @param dryRun whether nothing was published
 */
public record ReplayResult(
    int matched,
    int replayable,
    int replayed,
    int refusedCount,
    List<Refusal> refused,
    boolean dryRun) {

  /**
   * A dead letter that was not replayed.
   *
   * @param deadLetterId its id
   * @param envelopeId its envelope's id
   * @param stage the stage that dead-lettered it
   * @param reason its dead-letter reason
   * @param refusal why it was not replayed
   */
  public record Refusal(
      String deadLetterId, String envelopeId, String stage, String reason, String refusal) {}
}
