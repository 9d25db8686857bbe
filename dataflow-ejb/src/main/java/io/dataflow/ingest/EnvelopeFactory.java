package io.dataflow.ingest;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an MQTT delivery into an envelope, or says why it cannot: plain logic, no container, so it
 * is unit-tested directly. The payload is kept as JSON when it parses, as bytes otherwise.
 */
public final class EnvelopeFactory {
  /** Attribute saying where the event time came from: {@code payload} or {@code received}. */
  public static final String ATTR_EVENT_TIME_SOURCE = "dataflow.event-time";

  /** Attribute set when the payload was kept as raw bytes because it is not JSON. */
  public static final String ATTR_PAYLOAD_FORMAT = "dataflow.payload-format";

  private final List<Route> routes;
  private final EventTimeExtractor eventTime;
  private final int maxPayloadBytes;

  public EnvelopeFactory(List<Route> routes, EventTimeExtractor eventTime, int maxPayloadBytes) {
    this.routes = routes;
    this.eventTime = eventTime;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The outcome: an envelope, or a rejected envelope with a reason for the dead letter. */
  public record Result(Envelope envelope, String rejectReason, String error) {
    public boolean accepted() {
      return rejectReason == null;
    }
  }

  public Result wrap(MqttDelivery d) {
    Optional<Route.Match> match = Route.match(routes, d.topic());
    Instant received = d.receivedAt();
    byte[] bytes = d.payload();
    Source source = new Source(d.topic(), match.map(m -> m.route().name()).orElse("none"));
    String deviceId = match.map(Route.Match::deviceId).orElse("unknown");
    if (bytes.length > maxPayloadBytes) {
      byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 1024));
      Envelope e = Envelope.create(deviceId, received, received, source, Payload.bytes(head));
      return new Result(
          e,
          "oversize",
          "payload of "
              + bytes.length
              + " bytes exceeds dataflow.ingest.max-payload-bytes="
              + maxPayloadBytes
              + "; first "
              + head.length
              + " bytes kept");
    }
    boolean json = EnvelopeCodec.isJson(bytes);
    Payload payload = json ? Payload.json(bytes) : Payload.bytes(bytes);
    if (match.isEmpty()) {
      Envelope e = Envelope.create(deviceId, received, received, source, payload);
      return new Result(
          e, "no-route", "topic " + d.topic() + " matches no route of dataflow.ingest.routes");
    }
    Optional<Instant> fromPayload = json ? eventTime.extract(bytes) : Optional.empty();
    Envelope e =
        Envelope.create(deviceId, fromPayload.orElse(received), received, source, payload)
            .withAttributes(
                json
                    ? Map.of(
                        ATTR_EVENT_TIME_SOURCE, fromPayload.isPresent() ? "payload" : "received")
                    : Map.of(ATTR_EVENT_TIME_SOURCE, "received", ATTR_PAYLOAD_FORMAT, "bytes"));
    return new Result(e, null, null);
  }
}
