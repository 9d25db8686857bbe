package io.dataflow.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON codec for {@link Envelope}. Every hop (bus, Pub/Sub, archive lines, dead letters)
 * uses it, so every stage sees the same fields.
 *
 * <p>Wire form: {@code {"v":1,"id":..,"deviceId":..,"eventTime":"ISO-8601","receivedAt":..,
 * "source":{"topic":..,"route":..},"attributes":{..},"payload":<JSON>|"payloadBase64":"..",
 * "enrichment":{..}}}. A JSON payload is embedded as JSON, not re-encoded, less the whitespace
 * outside its strings ({@link JsonMinifier}): an encoded envelope never contains a line break, so
 * it is always exactly one JSONL line (archive objects, dead letters). Thread-safe.
 */
public final class EnvelopeCodec {
  /** Deepest JSON nesting accepted in a payload; deeper input is rejected, not a stack overflow. */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private EnvelopeCodec() {}

  /** Encodes an envelope as UTF-8 JSON. */
  public static byte[] encode(Envelope envelope) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + envelope.payload().size());
    writeTo(envelope, out);
    return out.toByteArray();
  }

  /**
   * Writes an envelope as one line of JSON (no line break inside, no trailing newline) to a stream.
   */
  public static void writeTo(Envelope envelope, OutputStream out) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeNumberField("v", envelope.version());
      g.writeStringField("id", envelope.id());
      g.writeStringField("deviceId", envelope.deviceId());
      g.writeStringField("eventTime", envelope.eventTime().toString());
      g.writeStringField("receivedAt", envelope.receivedAt().toString());
      g.writeObjectFieldStart("source");
      g.writeStringField("topic", envelope.source().topic());
      g.writeStringField("route", envelope.source().route());
      g.writeEndObject();
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> e : envelope.attributes().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Payload payload = envelope.payload();
      if (payload.isJson()) {
        g.writeFieldName("payload");
        // Embedded as written, less its insignificant whitespace: one record per line.
        g.writeRawValue(
            new String(JsonMinifier.minify(payload.unsafeBytes()), StandardCharsets.UTF_8));
      } else {
        g.writeStringField(
            "payloadBase64", Base64.getEncoder().encodeToString(payload.unsafeBytes()));
      }
      g.writeFieldName("enrichment");
      MAPPER.writeValue(g, envelope.enrichment());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes UTF-8 JSON bytes into an envelope. */
  public static Envelope decode(byte[] json) throws EnvelopeFormatException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return read(p);
    } catch (JsonProcessingException e) {
      throw new EnvelopeFormatException("not an envelope: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new EnvelopeFormatException("not an envelope: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the bytes are one complete, valid JSON value within the nesting limit. Used by
   * ingestion to decide whether a payload is kept as JSON or as bytes.
   */
  public static boolean isJson(byte[] bytes) {
    if (bytes.length == 0) {
      return false;
    }
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Envelope read(JsonParser p) throws IOException, EnvelopeFormatException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new EnvelopeFormatException("not an envelope: expected a JSON object");
    }
    Integer version = null;
    String id = null;
    String deviceId = null;
    Instant eventTime = null;
    Instant receivedAt = null;
    Source source = null;
    Map<String, String> attributes = Map.of();
    Payload payload = null;
    Map<String, Object> enrichment = Map.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "v" -> version = p.getIntValue();
        case "id" -> id = text(p, field);
        case "deviceId" -> deviceId = text(p, field);
        case "eventTime" -> eventTime = instant(p, field);
        case "receivedAt" -> receivedAt = instant(p, field);
        case "source" -> source = source(p);
        case "attributes" -> attributes = stringMap(p, field);
        case "payload" -> payload = Payload.json(rawJson(p));
        case "payloadBase64" -> payload = Payload.bytes(Base64.getDecoder().decode(text(p, field)));
        case "enrichment" -> enrichment = objectMap(p, field);
        default -> p.skipChildren(); // unknown fields from newer writers are ignored
      }
      if (value == null) {
        break;
      }
    }
    if (version == null) {
      throw new EnvelopeFormatException("not an envelope: missing field 'v'");
    }
    if (version > Envelope.CURRENT_VERSION) {
      throw new EnvelopeFormatException(
          "envelope version " + version + " is newer than " + Envelope.CURRENT_VERSION);
    }
    require(id, "id");
    require(deviceId, "deviceId");
    require(eventTime, "eventTime");
    require(receivedAt, "receivedAt");
    require(source, "source");
    require(payload, "payload");
    return new Envelope(
        version, id, deviceId, eventTime, receivedAt, source, attributes, payload, enrichment);
  }

  private static void require(Object value, String field) throws EnvelopeFormatException {
    if (value == null) {
      throw new EnvelopeFormatException("not an envelope: missing field '" + field + "'");
    }
  }

  private static String text(JsonParser p, String field)
      throws IOException, EnvelopeFormatException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new EnvelopeFormatException("field '" + field + "' must be a string");
    }
    return p.getText();
  }

  private static Instant instant(JsonParser p, String field)
      throws IOException, EnvelopeFormatException {
    String text = text(p, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new EnvelopeFormatException(
          "field '" + field + "' is not an ISO-8601 instant: " + text, e);
    }
  }

  private static Source source(JsonParser p) throws IOException, EnvelopeFormatException {
    Map<String, String> fields = stringMap(p, "source");
    String topic = fields.get("topic");
    String route = fields.get("route");
    if (topic == null || route == null) {
      throw new EnvelopeFormatException("field 'source' needs 'topic' and 'route'");
    }
    return new Source(topic, route);
  }

  private static Map<String, String> stringMap(JsonParser p, String field)
      throws IOException, EnvelopeFormatException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new EnvelopeFormatException("field '" + field + "' must be an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      if (t != JsonToken.VALUE_STRING) {
        throw new EnvelopeFormatException("field '" + field + "." + key + "' must be a string");
      }
      map.put(key, p.getText());
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMap(JsonParser p, String field)
      throws IOException, EnvelopeFormatException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new EnvelopeFormatException("field '" + field + "' must be an object");
    }
    return MAPPER.readValue(p, LinkedHashMap.class);
  }

  private static String rawJson(JsonParser p) throws IOException {
    // Re-serialise the subtree compactly; the payload stays JSON, never base64.
    return MAPPER.writeValueAsString(MAPPER.readTree(p));
  }
}
