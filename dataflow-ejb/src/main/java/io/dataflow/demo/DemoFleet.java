package io.dataflow.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dataflow.bus.mqtt.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The simulated fleet of the demo traffic, free of the container: each {@link #next()} is one
 * message of a registered device (its readings drifting, see {@link SimulatedDevice}), or, by the
 * shares of a {@link DemoMix}, of an unknown device, or bad input. Telemetry is JSON published on
 * the first ingestion route, with the event time in the configured field as ISO-8601 text:
 *
 * <pre>{"ts":"2026-11-25T10:00:00.120Z","deviceId":"d7","seq":42,"temperature":21.53,
 * "humidity":44.1,"battery":87.42,"rssi":-61,"demo":true}</pre>
 *
 * Deterministic for a given random generator and clock. Not thread-safe: one thread drives it.
 */
public final class DemoFleet {
  /** How many unknown devices the fleet simulates. */
  public static final int UNKNOWN_DEVICES = 5;

  /** Oversize messages are left out above this ingestion limit: megabytes are no demo. */
  static final int OVERSIZE_LIMIT = 1 << 20;

  private static final JsonFactory JSON = new JsonFactory();
  private static final String FILLER = "demo";

  private final List<SimulatedDevice> registered = new ArrayList<>();
  private final List<SimulatedDevice> unknown = new ArrayList<>();
  private final Route route;
  private final String noRouteTopic;
  private final String[] eventTimePath;
  private final int maxPayloadBytes;
  private final DemoMix mix;
  private final RandomGenerator random;
  private final Clock clock;

  /**
   * @param deviceIds the registered devices to simulate, at least one
   * @param routes the ingestion routes; messages go to the first
   * @param eventTimeField the payload field of the event time ({@code dataflow.ingest.*})
   * @param maxPayloadBytes the ingestion limit, which oversize messages exceed
   * @param mix the shares of unknown devices and bad input
   * @param random the source of every random choice and step
   * @param clock the clock of the event times
   */
  public DemoFleet(
      List<String> deviceIds,
      List<Route> routes,
      String eventTimeField,
      int maxPayloadBytes,
      DemoMix mix,
      RandomGenerator random,
      Clock clock) {
    if (deviceIds.isEmpty() || routes.isEmpty()) {
      throw new IllegalArgumentException("the demo fleet needs a device and a route");
    }
    this.route = routes.get(0);
    this.eventTimePath = eventTimeField.split("\\.");
    this.maxPayloadBytes = maxPayloadBytes;
    this.mix = mix;
    this.random = random;
    this.clock = clock;
    Set<String> taken = new HashSet<>(deviceIds);
    deviceIds.forEach(id -> registered.add(new SimulatedDevice(id, random)));
    for (int i = 1; unknown.size() < UNKNOWN_DEVICES; i++) {
      String id = String.format(Locale.ROOT, "demo-unknown-%02d", i);
      if (taken.add(id)) {
        unknown.add(new SimulatedDevice(id, random));
      }
    }
    // An empty device id matches the route's subscription (+ matches an empty level) but not
    // the route itself, so ingestion receives the message and dead-letters it as no-route.
    String empty = route.topicFor("", FILLER);
    this.noRouteTopic = Route.match(routes, empty).isEmpty() ? empty : "dataflow-demo/no-route";
  }

  /** The next message. */
  public DemoMessage next() {
    DemoMessage.Kind kind = mix.draw(random);
    if (kind == DemoMessage.Kind.OVERSIZE && maxPayloadBytes > OVERSIZE_LIMIT) {
      kind = DemoMessage.Kind.TELEMETRY;
    }
    SimulatedDevice d = pick(kind == DemoMessage.Kind.UNKNOWN_DEVICE ? unknown : registered);
    d.step(random);
    String topic = route.topicFor(d.id(), FILLER);
    return switch (kind) {
      case TELEMETRY, UNKNOWN_DEVICE -> new DemoMessage(kind, d.id(), topic, json(d, 0));
      case NOT_JSON -> new DemoMessage(kind, d.id(), topic, text(d));
      case OVERSIZE -> new DemoMessage(kind, d.id(), topic, json(d, maxPayloadBytes + 1));
      case NO_ROUTE -> new DemoMessage(kind, d.id(), noRouteTopic, json(d, 0));
    };
  }

  /** The registered devices simulated. */
  public int registeredDevices() {
    return registered.size();
  }

  /** The ids of the simulated devices that no registry knows. */
  public List<String> unknownDeviceIds() {
    return unknown.stream().map(SimulatedDevice::id).toList();
  }

  /** The topic of the messages that match no route. */
  public String noRouteTopic() {
    return noRouteTopic;
  }

  private SimulatedDevice pick(List<SimulatedDevice> devices) {
    return devices.get(random.nextInt(devices.size()));
  }

  private byte[] json(SimulatedDevice d, int padding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160 + padding);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < eventTimePath.length - 1; i++) {
        g.writeObjectFieldStart(eventTimePath[i]);
      }
      g.writeStringField(eventTimePath[eventTimePath.length - 1], clock.instant().toString());
      for (int i = 0; i < eventTimePath.length - 1; i++) {
        g.writeEndObject();
      }
      g.writeStringField("deviceId", d.id());
      g.writeNumberField("seq", d.seq());
      g.writeNumberField("temperature", d.temperature());
      g.writeNumberField("humidity", d.humidity());
      g.writeNumberField("battery", d.battery());
      g.writeNumberField("rssi", d.rssi());
      g.writeBooleanField("demo", true);
      if (padding > 0) {
        g.writeStringField("pad", "x".repeat(padding));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** A reading in an old line format, as a device with outdated firmware would send it. */
  private static byte[] text(SimulatedDevice d) {
    return String.format(
            Locale.ROOT,
            "%s T=%.2f H=%.1f BAT=%.0f%%",
            d.id(),
            d.temperature(),
            d.humidity(),
            d.battery())
        .getBytes(StandardCharsets.UTF_8);
  }
}
