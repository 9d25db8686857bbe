package io.dataflow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.demo.DemoMessage.Kind;
import io.dataflow.ingest.EnvelopeFactory;
import io.dataflow.ingest.EventTimeExtractor;
import io.dataflow.ingest.IngestSettings;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoFleetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Route> ROUTES =
      Route.parseAll("routes", MqttSettings.ROUTES.defaultValue());
  private static final int MAX_PAYLOAD =
      Integer.parseInt(IngestSettings.MAX_PAYLOAD_BYTES.defaultValue());
  private static final DemoMix TELEMETRY_ONLY = new DemoMix(0, 0, 0, 0);

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final List<String> devices = IntStream.rangeClosed(1, 50).mapToObj(i -> "d" + i).toList();

  private DemoFleet fleet(List<String> ids, DemoMix mix, long seed) {
    return new DemoFleet(ids, ROUTES, "ts", MAX_PAYLOAD, mix, new SplittableRandom(seed), clock);
  }

  @Test
  void theSameSeedGivesTheSameMessages() {
    DemoFleet a = fleet(devices, DemoMix.DEFAULT, 42);
    DemoFleet b = fleet(devices, DemoMix.DEFAULT, 42);
    DemoFleet other = fleet(devices, DemoMix.DEFAULT, 43);

    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> third = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      first.add(describe(a.next()));
      second.add(describe(b.next()));
      third.add(describe(other.next()));
    }

    assertThat(second).isEqualTo(first);
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void readingsDriftInSmallStepsWithinPlausibleRanges() throws Exception {
    DemoFleet f = fleet(List.of("d1"), TELEMETRY_ONLY, 7);
    List<JsonNode> readings = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      readings.add(JSON.readTree(f.next().payload()));
    }

    double minT = Double.MAX_VALUE;
    double maxT = -Double.MAX_VALUE;
    for (int i = 1; i < readings.size(); i++) {
      JsonNode prev = readings.get(i - 1);
      JsonNode cur = readings.get(i);
      double t = cur.get("temperature").asDouble();
      minT = Math.min(minT, t);
      maxT = Math.max(maxT, t);
      assertThat(cur.get("seq").asLong()).isEqualTo(prev.get("seq").asLong() + 1);
      assertThat(Math.abs(t - prev.get("temperature").asDouble())).isLessThan(1.0);
      assertThat(Math.abs(cur.get("humidity").asDouble() - prev.get("humidity").asDouble()))
          .isLessThan(2.5);
      assertThat(cur.get("humidity").asDouble()).isBetween(5.0, 95.0);
      assertThat(cur.get("rssi").asInt()).isBetween(-100, -35);
    }
    assertThat(minT).isGreaterThan(5.0);
    assertThat(maxT).isLessThan(40.0);
    assertThat(maxT - minT).as("temperature wanders").isGreaterThan(1.0);
  }

  @Test
  void theBatteryOnlyFallsUntilItIsReplaced() throws Exception {
    DemoFleet f = fleet(List.of("d1"), TELEMETRY_ONLY, 11);
    double previous = JSON.readTree(f.next().payload()).get("battery").asDouble();
    int replaced = 0;
    for (int i = 0; i < 30_000; i++) {
      double battery = JSON.readTree(f.next().payload()).get("battery").asDouble();
      if (battery > previous) {
        assertThat(battery).as("a fresh battery").isEqualTo(100.0);
        assertThat(previous).isLessThan(5.02);
        replaced++;
      }
      assertThat(battery).isBetween(5.0, 100.0);
      previous = battery;
    }
    assertThat(replaced).as("30,000 messages drain at least one battery").isPositive();
  }

  @Test
  void sharesOfUnknownDevicesAndBadInputFollowTheMix() {
    DemoFleet f = fleet(devices, DemoMix.DEFAULT, 3);
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      counts.merge(f.next().kind(), 1, Integer::sum);
    }

    assertThat(share(counts, Kind.UNKNOWN_DEVICE, n)).isCloseTo(0.05, within(0.006));
    assertThat(share(counts, Kind.NOT_JSON, n)).isCloseTo(0.01, within(0.003));
    assertThat(share(counts, Kind.OVERSIZE, n)).isCloseTo(0.005, within(0.002));
    assertThat(share(counts, Kind.NO_ROUTE, n)).isCloseTo(0.01, within(0.003));
    assertThat(share(counts, Kind.TELEMETRY, n)).isCloseTo(0.925, within(0.01));
  }

  @Test
  void ingestionTreatsEachKindAsItsNameSays() {
    EnvelopeFactory ingestion =
        new EnvelopeFactory(ROUTES, new EventTimeExtractor("ts"), MAX_PAYLOAD);
    DemoFleet f = fleet(devices, DemoMix.DEFAULT, 5);
    Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
    for (int i = 0; i < 5_000; i++) {
      clock.advance(Duration.ofMillis(50));
      DemoMessage m = f.next();
      seen.merge(m.kind(), 1, Integer::sum);
      EnvelopeFactory.Result r =
          ingestion.wrap(
              new MqttDelivery(m.topic(), m.payload(), 1, false, clock.instant().plusMillis(7)));
      switch (m.kind()) {
        case TELEMETRY -> {
          assertThat(r.accepted()).isTrue();
          assertThat(devices).contains(r.envelope().deviceId());
          assertThat(r.envelope().eventTime()).isEqualTo(clock.instant());
          assertThat(r.envelope().payload().isJson()).isTrue();
        }
        case UNKNOWN_DEVICE -> {
          assertThat(r.accepted()).isTrue();
          assertThat(devices).doesNotContain(r.envelope().deviceId());
          assertThat(f.unknownDeviceIds()).contains(r.envelope().deviceId());
        }
        case NOT_JSON -> {
          assertThat(r.accepted()).isTrue();
          assertThat(r.envelope().payload().isJson()).isFalse();
        }
        case OVERSIZE -> assertThat(r.rejectReason()).isEqualTo("oversize");
        case NO_ROUTE -> assertThat(r.rejectReason()).isEqualTo("no-route");
      }
    }
    assertThat(seen).containsOnlyKeys(Kind.values());
  }

  @Test
  void noRouteTopicsAreStillDeliveredToTheRouteSubscription() {
    DemoFleet f = fleet(devices, DemoMix.DEFAULT, 1);

    assertThat(f.noRouteTopic()).isEqualTo("devices//telemetry");
    assertThat(Route.match(ROUTES, f.noRouteTopic())).isEmpty();
  }

  @Test
  void unknownDevicesAreNeverRegisteredOnes() {
    List<String> tricky = List.of("d1", "demo-unknown-01", "demo-unknown-03");
    DemoFleet f = fleet(tricky, DemoMix.DEFAULT, 1);

    assertThat(f.unknownDeviceIds())
        .hasSize(DemoFleet.UNKNOWN_DEVICES)
        .doesNotContainAnyElementsOf(tricky)
        .doesNotHaveDuplicates();
  }

  @Test
  void theEventTimeGoesIntoANestedFieldWhenConfiguredSo() {
    DemoFleet f =
        new DemoFleet(
            devices,
            ROUTES,
            "meta.time",
            MAX_PAYLOAD,
            TELEMETRY_ONLY,
            new SplittableRandom(1),
            clock);

    byte[] payload = f.next().payload();

    assertThat(new EventTimeExtractor("meta.time").extract(payload)).contains(clock.instant());
  }

  @Test
  void oversizeMessagesAreLeftOutWhenTheLimitIsAbove1MiB() {
    DemoFleet f =
        new DemoFleet(
            devices,
            ROUTES,
            "ts",
            8 << 20,
            new DemoMix(0, 0, 1, 0),
            new SplittableRandom(1),
            clock);

    assertThat(f.next().kind()).isEqualTo(Kind.TELEMETRY);
  }

  private static double share(Map<Kind, Integer> counts, Kind kind, int n) {
    return counts.getOrDefault(kind, 0) / (double) n;
  }

  private static String describe(DemoMessage m) {
    return m.kind()
        + " "
        + m.topic()
        + " "
        + new String(m.payload(), 0, Math.min(200, m.payload().length));
  }
}
