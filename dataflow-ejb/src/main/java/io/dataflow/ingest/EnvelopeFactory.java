package io.dataflow.ingest;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.HashMap;
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

  /** Attribute holding the payload's event-time value when it was out of range and replaced. */
  public static final String ATTR_EVENT_TIME_ORIGINAL = "dataflow.event-time.original";

  /** Reason of a dead letter whose device id no store takes. */
  public static final String INVALID_DEVICE_ID = "invalid-device-id";

  /** Reason of a dead letter whose event time is out of range (policy {@code dead-letter}). */
  public static final String EVENT_TIME_OUT_OF_RANGE = "event-time-out-of-range";

  private static final int MAX_ORIGINAL_CHARS = 64;

  /** Attribute set when the payload was kept as raw bytes because it is not JSON. */
  public static final String ATTR_PAYLOAD_FORMAT = "dataflow.payload-format";

  private final List<Route> routes;
  private final EventTimeExtractor eventTime;
  private final int maxPayloadBytes;
  private final DeviceIds deviceIds;
  private final EventTimeWindow window;
  private final IdStrategy ids;

  /** A factory with the default device-id and event-time rules. */
  public EnvelopeFactory(List<Route> routes, EventTimeExtractor eventTime, int maxPayloadBytes) {
    this(routes, IngestConfig.defaults("ts", maxPayloadBytes), eventTime);
  }

  /** A factory with the rules of the settings. */
  public EnvelopeFactory(List<Route> routes, IngestConfig settings) {
    this(routes, settings, new EventTimeExtractor(settings.eventTimeField()));
  }

  private EnvelopeFactory(List<Route> routes, IngestConfig settings, EventTimeExtractor eventTime) {
    this.routes = routes;
    this.eventTime = eventTime;
    this.maxPayloadBytes = settings.maxPayloadBytes();
    this.deviceIds = new DeviceIds(settings.maxDeviceIdBytes());
    this.window = settings.eventTimes();
    this.ids = settings.ids();
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
    Optional<String> badId = deviceIds.problem(deviceId);
    if (badId.isPresent()) {
      Envelope e = Envelope.create(shortened(deviceId), received, received, source, payload);
      return new Result(e, INVALID_DEVICE_ID, badId.get());
    }
    Optional<EventTimeExtractor.Found> found = json ? eventTime.read(bytes) : Optional.empty();
    Map<String, String> attributes = new HashMap<>();
    attributes.put(ATTR_EVENT_TIME_SOURCE, found.isPresent() ? "payload" : "received");
    if (!json) {
      attributes.put(ATTR_PAYLOAD_FORMAT, "bytes");
    }
    Instant time = found.map(EventTimeExtractor.Found::time).orElse(received);
    boolean timeFromPayload = found.isPresent();
    if (found.isPresent() && !window.contains(time, received)) {
      String original = found.get().raw();
      if (original.length() > MAX_ORIGINAL_CHARS) {
        original = original.substring(0, MAX_ORIGINAL_CHARS) + "...";
      }
      String why =
          "event time "
              + original
              + " is outside "
              + window.maxAge()
              + " before to "
              + window.maxAhead()
              + " after the receive time "
              + received;
      if (window.outOfRange() == EventTimeWindow.OutOfRange.DEAD_LETTER) {
        Envelope e = Envelope.create(deviceId, received, received, source, payload);
        return new Result(e, EVENT_TIME_OUT_OF_RANGE, why);
      }
      time = received;
      timeFromPayload = false;
      attributes.put(ATTR_EVENT_TIME_SOURCE, "received");
      attributes.put(ATTR_EVENT_TIME_ORIGINAL, original);
    }
    Optional<Instant> payloadTime = timeFromPayload ? Optional.of(time) : Optional.empty();
    Envelope e =
        Envelope.create(deviceId, time, received, source, payload)
            .withAttributes(attributes)
            .withId(ids.id(source.route(), d.topic(), bytes, payloadTime));
    return new Result(e, null, null);
  }

  /** A device id short enough to carry in a dead letter's envelope and attributes. */
  private static String shortened(String deviceId) {
    return deviceId.length() <= 128 ? deviceId : deviceId.substring(0, 128) + "...";
  }
}
