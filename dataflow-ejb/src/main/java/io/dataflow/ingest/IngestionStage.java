package io.dataflow.ingest;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.ingest.mqtt.MqttDelivery;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Stage 1: wraps each MQTT delivery in an envelope and publishes it to {@code raw}. The MQTT
 * message is acknowledged only when {@code raw} has accepted the envelope (the output message's ack
 * is the input's). What cannot be wrapped (oversize, no route) goes to the dead letter, and the
 * MQTT message is acknowledged once the dead letter is accepted.
 */
@ApplicationScoped
@StageComponent(Stage.INGESTION)
public class IngestionStage {
  public static final String STAGE = "ingestion";

  @Inject Config config;
  @Inject PipelineMetrics pipelineMetrics;
  @Inject DeadLetterSink deadLetters;
  @Inject Clock clock;

  private EnvelopeFactory factory;
  private StageMetrics metrics;

  public IngestionStage() {}

  /** For tests and tools: a stage over the given parts, outside the container. */
  public IngestionStage(
      EnvelopeFactory factory, StageMetrics metrics, DeadLetterSink deadLetters, Clock clock) {
    this.factory = factory;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  @PostConstruct
  void init() {
    factory =
        new EnvelopeFactory(
            Route.parseAll(IngestSettings.ROUTES.key(), IngestSettings.ROUTES.read(config)),
            new EventTimeExtractor(IngestSettings.EVENT_TIME_FIELD.read(config)),
            IngestSettings.MAX_PAYLOAD_BYTES.read(config));
    metrics = pipelineMetrics.stage(STAGE);
  }

  @Incoming("mqtt")
  @Outgoing("raw-out")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Message<Envelope> ingest(Message<MqttDelivery> in) {
    metrics.received();
    EnvelopeFactory.Result result;
    try {
      result = factory.wrap(in.getPayload());
    } catch (RuntimeException e) {
      in.nack(e);
      metrics.nacked();
      return null;
    }
    if (!result.accepted()) {
      deadLetters
          .send(
              new DeadLetter(
                  STAGE, result.rejectReason(), result.error(), clock.instant(), result.envelope()))
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  metrics.acked();
                  in.ack();
                } else {
                  metrics.nacked();
                  in.nack(failure);
                }
              });
      return null;
    }
    metrics.published();
    return Message.of(
        result.envelope(),
        () -> {
          metrics.acked();
          return in.ack();
        },
        reason -> {
          metrics.nacked();
          return in.nack(reason);
        });
  }
}
