package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubEnvelopesTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
  private final Envelope envelope =
      Envelope.create(
              "dev-9",
              T,
              T.plusSeconds(1),
              new Source("devices/dev-9/telemetry", "telemetry"),
              Payload.json("{\"a\":1}"))
          .withAttribute("site", "north");

  @Test
  void dataIsTheEnvelopeCodecsJson() throws Exception {
    PubsubMessage m = PubSubEnvelopes.toMessage(envelope, false);

    assertThat(m.getData().toByteArray()).isEqualTo(EnvelopeCodec.encode(envelope));
    assertThat(PubSubEnvelopes.fromMessage(m)).isEqualTo(envelope);
  }

  @Test
  void metadataAndEveryAttributeAreCopiedIntoAttributes() {
    PubsubMessage m = PubSubEnvelopes.toMessage(envelope, false);

    assertThat(m.getAttributesMap())
        .containsEntry("id", envelope.id())
        .containsEntry("deviceId", "dev-9")
        .containsEntry("eventTime", "2026-11-25T10:00:00Z")
        .containsEntry("route", "telemetry")
        .containsEntry("site", "north");
    assertThat(m.getOrderingKey()).isEmpty();
  }

  @Test
  void orderingKeyIsTheDeviceIdWhenAsked() {
    assertThat(PubSubEnvelopes.toMessage(envelope, true).getOrderingKey()).isEqualTo("dev-9");
  }

  @Test
  void aDeviceIdTooLongForAnAttributeOrOrderingKeyStaysOnlyInTheData() throws Exception {
    String longId = "d".repeat(2_000);
    io.dataflow.envelope.Envelope e =
        new io.dataflow.envelope.Envelope(
            envelope.version(),
            envelope.id(),
            longId,
            envelope.eventTime(),
            envelope.receivedAt(),
            envelope.source(),
            envelope.attributes(),
            envelope.payload(),
            envelope.enrichment());

    PubsubMessage m = PubSubEnvelopes.toMessage(e, true);

    assertThat(m.getOrderingKey()).isEmpty();
    assertThat(m.getAttributesMap()).doesNotContainKey("deviceId").containsKey("id");
    assertThat(PubSubEnvelopes.fromMessage(m).deviceId()).isEqualTo(longId);
  }

  @Test
  void attributesPubSubWouldRejectStayOnlyInTheData() throws Exception {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("googx", "reserved prefix");
    attributes.put("k".repeat(257), "key too long");
    attributes.put("long", "v".repeat(1025));
    attributes.put("id", "an attribute may not replace the envelope id");
    for (int i = 0; i < 120; i++) {
      attributes.put("a" + i, "x");
    }
    Envelope e = envelope.withAttributes(attributes);

    PubsubMessage m = PubSubEnvelopes.toMessage(e, false);

    assertThat(m.getAttributesMap())
        .doesNotContainKeys("googx", "k".repeat(257), "long")
        .containsEntry("id", e.id())
        .hasSize(100);
    assertThat(PubSubEnvelopes.fromMessage(m).attributes()).isEqualTo(e.attributes());
  }

  @Test
  void messageForwardedByTheDeadLetterPolicyBecomesADeadLetter() throws Exception {
    PubsubMessage m =
        PubSubEnvelopes.toMessage(envelope, false).toBuilder()
            .putAttributes("CloudPubSubDeadLetterSourceSubscription", "enrich")
            .putAttributes("CloudPubSubDeadLetterSourceDeliveryCount", "5")
            .setPublishTime(Timestamp.newBuilder().setSeconds(T.getEpochSecond() + 60))
            .build();

    DeadLetter d = DeadLetter.fromEnvelope(PubSubEnvelopes.fromMessage(m)).orElseThrow();

    assertThat(d.stage()).isEqualTo("enrich");
    assertThat(d.reason()).isEqualTo("max-attempts");
    assertThat(d.error()).contains("5 delivery attempts");
    assertThat(d.deadLetteredAt()).isEqualTo(T.plusSeconds(60));
    assertThat(d.envelope().id()).isEqualTo(envelope.id());
  }

  @Test
  void deadLetterThatAlreadyHasAReasonKeepsIt() throws Exception {
    Envelope labelled =
        new DeadLetter("enrich", "unknown-device", "no such device", T, envelope).toEnvelope();
    PubsubMessage m =
        PubSubEnvelopes.toMessage(labelled, false).toBuilder()
            .putAttributes("CloudPubSubDeadLetterSourceSubscription", "dead-letter-recorder")
            .build();

    assertThat(PubSubEnvelopes.fromMessage(m)).isEqualTo(labelled);
  }

  @Test
  void undecodableDataIsKeptAsBytesWithIdAndDeviceFromTheAttributes() {
    PubsubMessage m =
        PubsubMessage.newBuilder()
            .setMessageId("42")
            .setData(ByteString.copyFromUtf8("garbage"))
            .putAttributes("deviceId", "dev-1")
            .build();

    assertThatThrownBy(() -> PubSubEnvelopes.fromMessage(m))
        .isInstanceOf(EnvelopeFormatException.class);
    Envelope e = PubSubEnvelopes.undecodable(m, "projects/p/subscriptions/enrich");
    assertThat(e.id()).isEqualTo("pubsub-42");
    assertThat(e.deviceId()).isEqualTo("dev-1");
    assertThat(e.payload().toBytes()).isEqualTo("garbage".getBytes());
    assertThat(e.source().topic()).isEqualTo("projects/p/subscriptions/enrich");
  }
}
