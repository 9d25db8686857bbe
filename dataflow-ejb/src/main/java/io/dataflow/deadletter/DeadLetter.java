package io.dataflow.deadletter;

import io.dataflow.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dead-lettered envelope: the original envelope with the stage that gave up on it, a short
 * machine-readable reason ({@code oversize}, {@code unknown-device}, {@code max-attempts}, ...) and
 * the error text. Carried on the bus as an ordinary envelope with {@code dlq.*} attributes, so the
 * dead-letter topic needs no second message type.
 *
 * @param stage the stage (or subscription) that dead-lettered it
 * @param reason a short reason code
 * @param error the error text, at most {@link #MAX_ERROR_LENGTH} characters
 * @param deadLetteredAt when it was dead-lettered
 * @param envelope the envelope as it was when the stage gave up
 */
public record DeadLetter(
    String stage, String reason, String error, Instant deadLetteredAt, Envelope envelope) {
  public static final int MAX_ERROR_LENGTH = 1024;
  public static final String ATTR_STAGE = "dlq.stage";
  public static final String ATTR_REASON = "dlq.reason";
  public static final String ATTR_ERROR = "dlq.error";
  public static final String ATTR_AT = "dlq.at";

  /** Attributes of a dead letter that are not the envelope's own. */
  public static final String ATTR_PREFIX = "dlq.";

  private static final int ID_HEX_CHARS = 20;

  public DeadLetter {
    error = truncate(error);
  }

  /**
   * The dead letter's id: derived from its stage, reason, time and envelope id, so it is the same
   * whenever the line is read again (old lines included) and a line stored twice (a redelivery of
   * the dead-letter topic) is recognisably one dead letter. 20 hex characters (80 bits).
   */
  public String id() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {
            stage, reason, deadLetteredAt.toString(), envelope.id(), envelope.deviceId()
          }) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, ID_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The envelope as it was before it was dead-lettered: without any {@code dlq.*} attribute. */
  public Envelope originalEnvelope() {
    Map<String, String> kept = new LinkedHashMap<>();
    envelope
        .attributes()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(ATTR_PREFIX)) {
                kept.put(k, v);
              }
            });
    return envelope.withAttributes(kept);
  }

  /**
   * The envelope to publish on the dead-letter topic: the original with {@code dlq.*} attributes.
   */
  public Envelope toEnvelope() {
    return envelope
        .withAttribute(ATTR_STAGE, stage)
        .withAttribute(ATTR_REASON, reason)
        .withAttribute(ATTR_ERROR, error)
        .withAttribute(ATTR_AT, deadLetteredAt.toString());
  }

  /** Reads a dead letter back from an envelope carrying {@code dlq.*} attributes. */
  public static Optional<DeadLetter> fromEnvelope(Envelope e) {
    String stage = e.attributes().get(ATTR_STAGE);
    String reason = e.attributes().get(ATTR_REASON);
    if (stage == null || reason == null) {
      return Optional.empty();
    }
    String at = e.attributes().get(ATTR_AT);
    return Optional.of(
        new DeadLetter(
            stage,
            reason,
            e.attributes().getOrDefault(ATTR_ERROR, ""),
            at == null ? e.receivedAt() : Instant.parse(at),
            e));
  }

  /** Cuts an error text to {@link #MAX_ERROR_LENGTH} characters. */
  public static String truncate(String error) {
    if (error == null) {
      return "";
    }
    return error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
  }
}
