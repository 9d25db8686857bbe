package io.dataflow.admin;

import io.dataflow.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One dead letter as the console shows it.
 *
 * @param id the envelope id
 * @param deviceId the device, or {@code unknown}
 * @param stage the stage that dead-lettered it
 * @param reason the reason code
 * @param error the error text (at most 1024 characters)
 * @param at when it was dead-lettered
 * @param payloadPreview the first bytes of the payload as text
 */
public record DeadLetterView(
    String id,
    String deviceId,
    String stage,
    String reason,
    String error,
    Instant at,
    String payloadPreview) {
  private static final int PREVIEW_BYTES = 256;

  /** The console's view of a dead letter: its envelope's id and device, and a payload preview. */
  public static DeadLetterView of(DeadLetter d) {
    byte[] bytes = d.envelope().payload().toBytes();
    String preview =
        new String(bytes, 0, Math.min(bytes.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
    return new DeadLetterView(
        d.envelope().id(),
        d.envelope().deviceId(),
        d.stage(),
        d.reason(),
        d.error(),
        d.deadLetteredAt(),
        preview);
  }
}
