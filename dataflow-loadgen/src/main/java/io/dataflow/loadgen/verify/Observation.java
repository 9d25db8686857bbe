package io.dataflow.loadgen.verify;

import io.dataflow.loadgen.FuzzKind;
import io.dataflow.loadgen.MessageKey;
import io.dataflow.loadgen.TelemetryPayload;
import java.time.Instant;
import java.util.Optional;

/**
 * One copy of a generated message found in a store.
 *
 * @param key which message
 * @param envelopeId the pipeline's id of this copy
 * @param receivedAt when ingestion received it
 * @param writtenAt when the store wrote it, or null where the store does not record it
 * @param publishedAtMillis the publish time the generator put in the payload, or -1 (fuzz input)
 */
public record Observation(
    MessageKey key,
    String envelopeId,
    Instant receivedAt,
    Instant writtenAt,
    long publishedAtMillis) {

  /**
   * The observation for a record, if it is one of ours: a fuzz message by its device id, else a
   * generated payload by its fields.
   */
  public static Optional<Observation> of(
      String deviceId, byte[] payload, String envelopeId, Instant receivedAt, Instant writtenAt) {
    Optional<MessageKey> fuzz = FuzzKind.keyOf(deviceId);
    if (fuzz.isPresent()) {
      return Optional.of(new Observation(fuzz.get(), envelopeId, receivedAt, writtenAt, -1));
    }
    return TelemetryPayload.parse(payload)
        .map(f -> new Observation(f.key(), envelopeId, receivedAt, writtenAt, f.ts()));
  }
}
