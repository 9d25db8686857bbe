package io.dataflow.admin;

import java.time.Instant;
import java.util.List;

/** Implemented by the dead-letter store: the most recent dead letters. */
public interface DeadLetterAdmin {
  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetterView> recent(int limit);

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
  record DeadLetterView(
      String id,
      String deviceId,
      String stage,
      String reason,
      String error,
      Instant at,
      String payloadPreview) {}
}
