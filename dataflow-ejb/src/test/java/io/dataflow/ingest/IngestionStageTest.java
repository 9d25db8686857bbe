package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class IngestionStageTest {
  private final RecordingDeadLetterSink deadLetters = new RecordingDeadLetterSink();
  private final StageMetrics metrics = new StageMetrics("ingestion");
  private final IngestionStage stage =
      new IngestionStage(
          new EnvelopeFactory(
              Route.parseAll("k", MqttSettings.ROUTES.defaultValue()),
              new EventTimeExtractor("ts"),
              100),
          metrics,
          deadLetters,
          Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC));

  private final AtomicReference<String> settled = new AtomicReference<>("open");

  private Message<MqttDelivery> mqtt(String topic, byte[] payload) {
    return Message.of(
        new MqttDelivery(topic, payload, 1, false, Instant.parse("2026-11-25T00:00:01Z")),
        () -> {
          settled.set("acked");
          return CompletableFuture.completedFuture(null);
        },
        t -> {
          settled.set("nacked");
          return CompletableFuture.completedFuture(null);
        });
  }

  @Test
  void theMqttMessageIsAckedOnlyWhenRawAcceptsTheEnvelope() {
    Message<Envelope> out =
        stage.ingest(mqtt("devices/d1/telemetry", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(out.getPayload().deviceId()).isEqualTo("d1");
    assertThat(settled.get()).isEqualTo("open");
    out.ack();
    assertThat(settled.get()).isEqualTo("acked");
    assertThat(metrics.ackedCount()).isEqualTo(1);
  }

  @Test
  void ifRawRejectsTheEnvelopeTheMqttMessageIsNacked() {
    Message<Envelope> out =
        stage.ingest(mqtt("devices/d1/telemetry", "{}".getBytes(StandardCharsets.UTF_8)));
    out.nack(new IllegalStateException("bus closed"));
    assertThat(settled.get()).isEqualTo("nacked");
  }

  @Test
  void anOversizePayloadIsDeadLetteredThenAckedAndNothingIsPublished() {
    Message<Envelope> out = stage.ingest(mqtt("devices/d2/telemetry", new byte[101]));
    assertThat(out).isNull();
    assertThat(deadLetters.sent)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stage()).isEqualTo("ingestion");
              assertThat(d.reason()).isEqualTo("oversize");
              assertThat(d.envelope().deviceId()).isEqualTo("d2");
            });
    assertThat(settled.get()).isEqualTo("acked");
  }

  @Test
  void anEnvelopeTheBusRefusesForGoodIsDeadLetteredThenAckedNotRedeliveredForEver() {
    Message<Envelope> out =
        stage.ingest(mqtt("devices/d3/telemetry", "{}".getBytes(StandardCharsets.UTF_8)));
    out.nack(
            com.google.api.gax.rpc.ApiExceptionFactory.createException(
                new RuntimeException("attribute value too long"),
                com.google.api.gax.grpc.GrpcStatusCode.of(io.grpc.Status.Code.INVALID_ARGUMENT),
                false))
        .toCompletableFuture()
        .join();

    assertThat(deadLetters.sent)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(IngestionStage.PUBLISH_REFUSED);
              assertThat(d.error()).contains("attribute value too long");
              assertThat(d.envelope().deviceId()).isEqualTo("d3");
            });
    assertThat(settled.get()).isEqualTo("acked");
  }

  @Test
  void aTransientPublishFailureIsNackedUpstreamNotDeadLettered() {
    Message<Envelope> out =
        stage.ingest(mqtt("devices/d4/telemetry", "{}".getBytes(StandardCharsets.UTF_8)));
    out.nack(
        com.google.api.gax.rpc.ApiExceptionFactory.createException(
            new RuntimeException("backend unavailable"),
            com.google.api.gax.grpc.GrpcStatusCode.of(io.grpc.Status.Code.UNAVAILABLE),
            true));

    assertThat(deadLetters.sent).isEmpty();
    assertThat(settled.get()).isEqualTo("nacked");
  }
}
