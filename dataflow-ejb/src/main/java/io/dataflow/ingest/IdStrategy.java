package io.dataflow.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * How an envelope gets its id ({@code dataflow.ingest.id-strategy}). The id is the BigQuery
 * insertId, the warehouse's merge key and part of the archive object's digest, so two envelopes
 * with one id are stored once.
 *
 * <ul>
 *   <li>{@link #UUID}: a random id per delivery. A message the broker delivers again after a crash
 *       (QoS 1 is at least once) gets a new id and may be stored twice.
 *   <li>{@link #CONTENT}: a name-based id from the route, the topic, the payload's bytes and the
 *       event time the payload carries, so a redelivery carries the same id and is stored once. The
 *       trade-off: two identical payloads on the same topic (and, when the payload has no event
 *       time, identical payloads at any time) are one message.
 * </ul>
 */
public enum IdStrategy {
  UUID,
  CONTENT;

  static IdStrategy of(String setting) {
    return valueOf(setting.toUpperCase(Locale.ROOT));
  }

  /**
   * The id of a delivery.
   *
   * @param route the name of the route that matched
   * @param topic the MQTT topic
   * @param payload the payload as received
   * @param payloadEventTime the event time read from the payload, if it had one in range
   */
  public String id(String route, String topic, byte[] payload, Optional<Instant> payloadEventTime) {
    if (this == UUID) {
      return java.util.UUID.randomUUID().toString();
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    field(sha, route.getBytes(StandardCharsets.UTF_8));
    field(sha, topic.getBytes(StandardCharsets.UTF_8));
    field(sha, payload);
    field(sha, payloadEventTime.map(Instant::toString).orElse("").getBytes(StandardCharsets.UTF_8));
    ByteBuffer digest = ByteBuffer.wrap(sha.digest());
    long high = digest.getLong();
    long low = digest.getLong();
    // RFC 9562 version 8 (custom) and variant bits, so the id reads as any other UUID.
    high = (high & ~0xF000L) | 0x8000L;
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(high, low).toString();
  }

  /** A length-prefixed field, so that no two different field lists hash the same bytes. */
  private static void field(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}
