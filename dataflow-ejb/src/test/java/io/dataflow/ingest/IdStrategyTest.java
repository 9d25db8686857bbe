package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdStrategyTest {
  private static final Instant FIRST = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant REDELIVERED = FIRST.plusSeconds(30);

  private static EnvelopeFactory factory(IdStrategy ids) {
    return new EnvelopeFactory(
        Route.parseAll("k", MqttSettings.ROUTES.defaultValue()),
        new IngestConfig("ts", 262_144, 256, EventTimeWindow.DEFAULT, ids));
  }

  private static String id(EnvelopeFactory f, String topic, String payload, Instant received) {
    var r =
        f.wrap(
            new MqttDelivery(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, received));
    assertThat(r.accepted()).isTrue();
    return r.envelope().id();
  }

  @Test
  void contentIdsAreTheSameForARedeliveryOfTheSameMessage() {
    EnvelopeFactory f = factory(IdStrategy.CONTENT);
    String payload = "{\"ts\":\"2026-11-25T11:59:00Z\",\"t\":21.5}";

    String first = id(f, "devices/d1/telemetry", payload, FIRST);
    String again = id(f, "devices/d1/telemetry", payload, REDELIVERED);

    assertThat(again).isEqualTo(first);
    assertThat(UUID.fromString(first).version()).isEqualTo(8);
  }

  @Test
  void contentIdsDifferWhenTopicPayloadOrEventTimeDiffer() {
    EnvelopeFactory f = factory(IdStrategy.CONTENT);
    String base = id(f, "devices/d1/telemetry", "{\"ts\":\"2026-11-25T11:59:00Z\",\"t\":1}", FIRST);

    assertThat(id(f, "devices/d2/telemetry", "{\"ts\":\"2026-11-25T11:59:00Z\",\"t\":1}", FIRST))
        .isNotEqualTo(base);
    assertThat(id(f, "devices/d1/telemetry", "{\"ts\":\"2026-11-25T11:59:00Z\",\"t\":2}", FIRST))
        .isNotEqualTo(base);
    assertThat(id(f, "devices/d1/telemetry", "{\"ts\":\"2026-11-25T11:59:01Z\",\"t\":1}", FIRST))
        .isNotEqualTo(base);
  }

  @Test
  void identicalPayloadsWithoutAnEventTimeCollapseUnderContentIds() {
    EnvelopeFactory f = factory(IdStrategy.CONTENT);

    assertThat(id(f, "devices/d1/telemetry", "{\"t\":1}", FIRST))
        .as("the documented trade-off")
        .isEqualTo(id(f, "devices/d1/telemetry", "{\"t\":1}", REDELIVERED));
  }

  @Test
  void uuidIdsDifferForEveryDelivery() {
    EnvelopeFactory f = factory(IdStrategy.UUID);
    String payload = "{\"ts\":\"2026-11-25T11:59:00Z\"}";

    assertThat(id(f, "devices/d1/telemetry", payload, FIRST))
        .isNotEqualTo(id(f, "devices/d1/telemetry", payload, FIRST));
  }
}
