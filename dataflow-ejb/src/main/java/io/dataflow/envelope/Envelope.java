package io.dataflow.envelope;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one message that every hop of the pipeline carries. Immutable: stages derive new envelopes
 * with the {@code with*} methods, so one envelope can be fanned out to several consumers safely.
 *
 * @param version the schema version; {@link #CURRENT_VERSION} for envelopes written by this code
 * @param id unique, and stable across redelivery: assigned once at ingestion and carried unchanged
 *     by every later hop (it is the BigQuery insertId and part of the archive object name)
 * @param deviceId the device the payload came from
 * @param eventTime when the device says the event happened, else when it was received
 * @param receivedAt when ingestion received the payload
 * @param source where the payload entered the pipeline
 * @param attributes string metadata, carried as Pub/Sub attributes between services
 * @param payload the device's payload (JSON kept as JSON, else raw bytes)
 * @param enrichment device metadata added by the enrich stage; JSON-compatible values only
 */
public record Envelope(
    int version,
    String id,
    String deviceId,
    Instant eventTime,
    Instant receivedAt,
    Source source,
    Map<String, String> attributes,
    Payload payload,
    Map<String, Object> enrichment) {

  /** The schema version this code writes. */
  public static final int CURRENT_VERSION = 1;

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
    attributes =
        attributes == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    enrichment = enrichment == null ? Map.of() : deepCopy(enrichment);
  }

  /** A new envelope with a fresh random id, at the current schema version. */
  public static Envelope create(
      String deviceId, Instant eventTime, Instant receivedAt, Source source, Payload payload) {
    return new Envelope(
        CURRENT_VERSION,
        UUID.randomUUID().toString(),
        deviceId,
        eventTime,
        receivedAt,
        source,
        Map.of(),
        payload,
        Map.of());
  }

  public Envelope withId(String newId) {
    return new Envelope(
        version, newId, deviceId, eventTime, receivedAt, source, attributes, payload, enrichment);
  }

  public Envelope withEnrichment(Map<String, Object> newEnrichment) {
    return new Envelope(
        version, id, deviceId, eventTime, receivedAt, source, attributes, payload, newEnrichment);
  }

  public Envelope withAttributes(Map<String, String> newAttributes) {
    return new Envelope(
        version, id, deviceId, eventTime, receivedAt, source, newAttributes, payload, enrichment);
  }

  /** A copy with one attribute added or replaced. */
  public Envelope withAttribute(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(name, value);
    return withAttributes(copy);
  }

  /** A string value from the enrichment map, or {@code null}. */
  public String enrichmentString(String key) {
    Object value = enrichment.get(key);
    return value == null ? null : value.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, copyValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Envelope::copyValue).toList();
    }
    return value.toString();
  }
}
