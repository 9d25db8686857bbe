package io.dataflow.admin;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.ReplayMark;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * One dead letter as the console shows it.
 *
 * @param id the envelope id
 * @param deadLetterId the dead letter's own id (what a replay's {@code ids} names)
 * @param deviceId the device, or {@code unknown}
 * @param stage the stage that dead-lettered it
 * @param reason the reason code
 * @param error the error text (at most 1024 characters)
 * @param at when it was dead-lettered
 * @param payloadPreview the first bytes of the payload as text
 * @param state {@code dead} or {@code replayed}
 * @param replayedAt when it was last replayed, or null
 * @param replayedBy who replayed it, or null
 */
public record DeadLetterView(
    String id,
    String deadLetterId,
    String deviceId,
    String stage,
    String reason,
    String error,
    Instant at,
    String payloadPreview,
    String state,
    Instant replayedAt,
    String replayedBy) {
  public static final String DEAD = "dead";
  public static final String REPLAYED = "replayed";
  private static final int PREVIEW_BYTES = 256;

  /** A dead letter never replayed. */
  public static DeadLetterView of(DeadLetter d) {
    return of(d, Optional.empty());
  }

  /** The console's view of a dead letter: its envelope's id and device, and a payload preview. */
  public static DeadLetterView of(DeadLetter d, Optional<ReplayMark> replay) {
    byte[] bytes = d.envelope().payload().toBytes();
    String preview =
        new String(bytes, 0, Math.min(bytes.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
    return new DeadLetterView(
        d.envelope().id(),
        d.id(),
        d.envelope().deviceId(),
        d.stage(),
        d.reason(),
        d.error(),
        d.deadLetteredAt(),
        preview,
        replay.isPresent() ? REPLAYED : DEAD,
        replay.map(ReplayMark::at).orElse(null),
        replay.map(ReplayMark::by).orElse(null));
  }
}
