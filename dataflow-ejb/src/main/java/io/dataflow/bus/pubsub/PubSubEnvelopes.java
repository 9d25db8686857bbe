package io.dataflow.bus.pubsub;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Envelopes to and from Pub/Sub messages. The data is the envelope codec's JSON, which is the
 * truth; the attributes are a copy of the envelope's metadata ({@code id}, {@code deviceId}, {@code
 * eventTime}, {@code route}) and of every envelope attribute, for subscription filters and tools.
 * Attributes that Pub/Sub would reject (keys over 256 bytes or starting with {@code goog}, values
 * over 1024 bytes, beyond 100 attributes) are left out of the copy; the data still has them.
 */
final class PubSubEnvelopes {
  static final String ATTR_ID = "id";
  static final String ATTR_DEVICE_ID = "deviceId";
  static final String ATTR_EVENT_TIME = "eventTime";
  static final String ATTR_ROUTE = "route";

  /** Attributes the Pub/Sub dead-letter policy adds to a forwarded message. */
  static final String DLQ_SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription";

  static final String DLQ_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount";
  static final String REASON_MAX_ATTEMPTS = "max-attempts";

  private static final int MAX_ATTRIBUTES = 100;
  private static final int MAX_KEY_BYTES = 256;
  private static final int MAX_VALUE_BYTES = 1024;

  private PubSubEnvelopes() {}

  /** The Pub/Sub message for an envelope; ordering key = device id when asked. */
  static PubsubMessage toMessage(Envelope e, boolean orderingByDevice) {
    Map<String, String> attributes = new LinkedHashMap<>();
    // Each value is kept only if Pub/Sub takes it, so that no envelope can fail its publish: the
    // envelope itself, in the data, holds every value whole.
    putIfFits(attributes, ATTR_ID, e.id());
    putIfFits(attributes, ATTR_DEVICE_ID, e.deviceId());
    putIfFits(attributes, ATTR_EVENT_TIME, e.eventTime().toString());
    putIfFits(attributes, ATTR_ROUTE, e.source().route());
    for (Map.Entry<String, String> a : e.attributes().entrySet()) {
      if (attributes.size() >= MAX_ATTRIBUTES) {
        break;
      }
      if (fits(a.getKey(), a.getValue())) {
        attributes.putIfAbsent(a.getKey(), a.getValue());
      }
    }
    PubsubMessage.Builder m =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(EnvelopeCodec.encode(e)))
            .putAllAttributes(attributes);
    if (orderingByDevice && fitsValue(e.deviceId())) {
      m.setOrderingKey(e.deviceId());
    }
    return m.build();
  }

  private static void putIfFits(Map<String, String> attributes, String key, String value) {
    if (fits(key, value)) {
      attributes.put(key, value);
    }
  }

  private static boolean fitsValue(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length <= MAX_VALUE_BYTES;
  }

  /**
   * The envelope in a message. A message that the subscription's dead-letter policy forwarded gets
   * {@code dlq.*} attributes (reason {@code max-attempts}) unless it already has them, so the
   * dead-letter recorder files it like any other dead letter.
   */
  static Envelope fromMessage(PubsubMessage m) throws EnvelopeFormatException {
    Envelope e = EnvelopeCodec.decode(m.getData().toByteArray());
    String source = m.getAttributesOrDefault(DLQ_SOURCE_SUBSCRIPTION, null);
    if (source == null || e.attributes().containsKey(DeadLetter.ATTR_REASON)) {
      return e;
    }
    return new DeadLetter(
            source,
            REASON_MAX_ATTEMPTS,
            "Pub/Sub dead-letter policy after "
                + m.getAttributesOrDefault(DLQ_DELIVERY_COUNT, "?")
                + " delivery attempts",
            publishTime(m),
            e)
        .toEnvelope();
  }

  /**
   * An envelope that carries the raw bytes of a message whose data is not an envelope, so it can go
   * to the dead letter. Its id and device come from the attributes where present.
   */
  static Envelope undecodable(PubsubMessage m, String subscriptionPath) {
    Instant at = publishTime(m);
    return new Envelope(
        Envelope.CURRENT_VERSION,
        m.getAttributesOrDefault(ATTR_ID, "pubsub-" + m.getMessageId()),
        m.getAttributesOrDefault(ATTR_DEVICE_ID, "unknown"),
        at,
        at,
        new Source(subscriptionPath, "pubsub"),
        m.getAttributesMap(),
        Payload.bytes(m.getData().toByteArray()),
        Map.of());
  }

  static Instant publishTime(PubsubMessage m) {
    return m.hasPublishTime()
        ? Instant.ofEpochSecond(m.getPublishTime().getSeconds(), m.getPublishTime().getNanos())
        : Instant.EPOCH;
  }

  private static boolean fits(String key, String value) {
    return !key.isEmpty()
        && !key.startsWith("goog")
        && key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES
        && fitsValue(value);
  }
}
