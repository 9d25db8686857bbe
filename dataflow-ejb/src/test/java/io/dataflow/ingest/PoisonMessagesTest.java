package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The poison classes that ingestion decides: ids no store takes, and event times no store holds. A
 * message is either refused with its reason or kept with a time every sink takes; none reaches a
 * sink as a value it would refuse.
 */
class PoisonMessagesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final java.util.List<Route> ROUTES =
      Route.parseAll("k", MqttSettings.ROUTES.defaultValue());

  private static EnvelopeFactory factory(EventTimeWindow.OutOfRange policy) {
    return new EnvelopeFactory(
        ROUTES,
        new IngestConfig(
            "ts",
            262_144,
            256,
            new EventTimeWindow(Duration.ofDays(3650), Duration.ofDays(1), policy),
            IdStrategy.UUID));
  }

  private static EnvelopeFactory.Result wrap(EnvelopeFactory f, String device, String json) {
    return f.wrap(
        new MqttDelivery(
            "devices/" + device + "/telemetry",
            json.getBytes(StandardCharsets.UTF_8),
            1,
            false,
            NOW));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"+10000-01-01T00:00:00Z\"",
        "\"+10005-06-01T00:00:00Z\"",
        "\"+999999999-12-31T23:59:59.999999999Z\"",
        "\"-999999999-01-01T00:00:00Z\"",
        "9223372036854775807",
        "1e300",
        "\"0001-01-01T00:00:00Z\"",
        "\"2026-11-27T12:00:01Z\""
      })
  void anEventTimeOutOfRangeIsReplacedByTheReceiveTimeAndKeptInAnAttribute(String ts) {
    var r = wrap(factory(EventTimeWindow.OutOfRange.RECEIVE_TIME), "d1", "{\"ts\":" + ts + "}");

    assertThat(r.accepted()).isTrue();
    assertThat(r.envelope().eventTime()).isEqualTo(NOW);
    assertThat(r.envelope().attributes())
        .containsEntry(EnvelopeFactory.ATTR_EVENT_TIME_SOURCE, "received")
        .containsKey(EnvelopeFactory.ATTR_EVENT_TIME_ORIGINAL);
    assertThat(r.envelope().attributes().get(EnvelopeFactory.ATTR_EVENT_TIME_ORIGINAL))
        .startsWith(ts.replace("\"", "").substring(0, 3));
  }

  @Test
  void anEventTimeOutOfRangeIsDeadLetteredWithItsReasonUnderTheDeadLetterPolicy() {
    var r =
        wrap(
            factory(EventTimeWindow.OutOfRange.DEAD_LETTER),
            "d1",
            "{\"ts\":\"+10003-01-01T00:00:00Z\"}");

    assertThat(r.accepted()).isFalse();
    assertThat(r.rejectReason()).isEqualTo(EnvelopeFactory.EVENT_TIME_OUT_OF_RANGE);
    assertThat(r.error()).contains("+10003-01-01T00:00:00Z");
  }

  @Test
  void anEventTimeInsideTheWindowIsKept() {
    var r =
        wrap(
            factory(EventTimeWindow.OutOfRange.DEAD_LETTER),
            "d1",
            "{\"ts\":\"2020-01-01T00:00:00Z\"}");

    assertThat(r.accepted()).isTrue();
    assertThat(r.envelope().eventTime()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(r.envelope().attributes())
        .doesNotContainKey(EnvelopeFactory.ATTR_EVENT_TIME_ORIGINAL);
  }

  @Test
  void aDeviceIdOverTheLimitIsDeadLetteredWithItsLength() {
    var r = wrap(factory(EventTimeWindow.OutOfRange.RECEIVE_TIME), "x".repeat(2000), "{}");

    assertThat(r.accepted()).isFalse();
    assertThat(r.rejectReason()).isEqualTo(EnvelopeFactory.INVALID_DEVICE_ID);
    assertThat(r.error()).contains("2000 bytes");
    assertThat(r.envelope().deviceId().length())
        .as("the dead letter carries a shortened id")
        .isLessThan(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"__x__", "____", ".", "..", "a\u0000b", "tab\tid", "del\u007f"})
  void aDeviceIdNoStoreTakesIsDeadLettered(String id) {
    var r = wrap(factory(EventTimeWindow.OutOfRange.RECEIVE_TIME), id, "{}");

    assertThat(r.accepted()).isFalse();
    assertThat(r.rejectReason()).isEqualTo(EnvelopeFactory.INVALID_DEVICE_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"d1", "sensor-0042", "__x", "x__", "büro-7", "温度計", "a.b"})
  void ordinaryDeviceIdsAreTaken(String id) {
    assertThat(wrap(factory(EventTimeWindow.OutOfRange.RECEIVE_TIME), id, "{}").accepted())
        .isTrue();
  }

  @Test
  void theLimitCountsUtf8Bytes() {
    DeviceIds ids = new DeviceIds(6);
    assertThat(ids.problem("温度")).as("6 bytes").isEmpty();
    assertThat(ids.problem("温度計")).as("9 bytes").isPresent();
  }
}
