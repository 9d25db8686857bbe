package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeFactoryTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final EnvelopeFactory factory =
      new EnvelopeFactory(
          Route.parseAll("k", MqttSettings.ROUTES.defaultValue()),
          new EventTimeExtractor("ts"),
          64);

  private static MqttDelivery delivery(String topic, byte[] payload) {
    return new MqttDelivery(topic, payload, 1, false, NOW);
  }

  @Test
  void wrapsJsonWithDeviceIdRouteAndPayloadEventTime() {
    var r =
        factory.wrap(
            delivery(
                "devices/d1/telemetry",
                "{\"ts\":\"2026-11-25T11:00:00Z\",\"t\":21.5}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.accepted()).isTrue();
    assertThat(r.envelope().deviceId()).isEqualTo("d1");
    assertThat(r.envelope().source().route()).isEqualTo("telemetry");
    assertThat(r.envelope().eventTime()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    assertThat(r.envelope().receivedAt()).isEqualTo(NOW);
    assertThat(r.envelope().payload().isJson()).isTrue();
    assertThat(r.envelope().attributes())
        .containsEntry(EnvelopeFactory.ATTR_EVENT_TIME_SOURCE, "payload");
  }

  @Test
  void usesTheReceiveTimeWhenThePayloadHasNone() {
    var r =
        factory.wrap(
            delivery("devices/d1/telemetry", "{\"t\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.envelope().eventTime()).isEqualTo(NOW);
    assertThat(r.envelope().attributes())
        .containsEntry(EnvelopeFactory.ATTR_EVENT_TIME_SOURCE, "received");
  }

  @Test
  void keepsNonJsonPayloadsAsBytesInsteadOfDroppingThem() {
    byte[] raw = {1, 2, (byte) 0xfe};
    var r = factory.wrap(delivery("devices/d2/telemetry", raw));
    assertThat(r.accepted()).isTrue();
    assertThat(r.envelope().payload().isJson()).isFalse();
    assertThat(r.envelope().payload().toBytes()).isEqualTo(raw);
    assertThat(r.envelope().attributes())
        .containsEntry(EnvelopeFactory.ATTR_PAYLOAD_FORMAT, "bytes");
  }

  @Test
  void oversizePayloadsAreRejectedWithReasonOversize() {
    var r = factory.wrap(delivery("devices/d3/telemetry", new byte[65]));
    assertThat(r.accepted()).isFalse();
    assertThat(r.rejectReason()).isEqualTo("oversize");
    assertThat(r.error()).contains("65 bytes").contains("dataflow.ingest.max-payload-bytes=64");
    assertThat(r.envelope().deviceId()).isEqualTo("d3");
  }

  @Test
  void payloadAtTheLimitIsAccepted() {
    assertThat(factory.wrap(delivery("devices/d3/telemetry", new byte[64])).accepted()).isTrue();
  }

  @Test
  void topicsMatchingNoRouteAreRejectedWithReasonNoRoute() {
    var r = factory.wrap(delivery("elsewhere/x", "{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.rejectReason()).isEqualTo("no-route");
    assertThat(r.envelope().deviceId()).isEqualTo("unknown");
  }
}
