package io.dataflow.ingest;

import io.dataflow.bus.mqtt.MqttConnector;
import io.dataflow.bus.mqtt.MqttDelivery;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.gcp.TransientFailures;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

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

  /** Reason of a dead letter whose envelope the bus refused for good (Pub/Sub INVALID_ARGUMENT). */
  public static final String PUBLISH_REFUSED = "publish-refused";

  /** The MQTT channel this stage consumes; the connector parsed its routes. */
  static final String CHANNEL = "mqtt";

  @Inject Config config;

  @Inject
  @Connector(MqttConnector.NAME)
  MqttConnector mqtt;

  @Inject PipelineMetrics pipelineMetrics;
  @Inject DeadLetterSink deadLetters;
  @Inject Clock clock;

  private EnvelopeFactory factory;
  private StageMetrics metrics;
  private Settlement settlement;

  public IngestionStage() {}

  /** For tests and tools: a stage over the given parts, outside the container. */
  public IngestionStage(
      EnvelopeFactory factory, StageMetrics metrics, DeadLetterSink deadLetters, Clock clock) {
    this.factory = factory;
    this.metrics = metrics;
    this.settlement = new Settlement(STAGE, deadLetters, metrics, clock);
  }

  @PostConstruct
  void init() {
    IngestConfig settings = IngestConfig.read(config);
    factory = new EnvelopeFactory(mqtt.options(CHANNEL).routes(), settings);
    metrics = pipelineMetrics.stage(STAGE);
    settlement = new Settlement(STAGE, deadLetters, metrics, clock);
  }

  @Incoming("mqtt")
  @Outgoing("raw-out")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Message<Envelope> ingest(Message<MqttDelivery> in) {
    long start = System.nanoTime();
    metrics.received();
    try {
      return wrap(in);
    } finally {
      metrics.processed(start);
    }
  }

  private Message<Envelope> wrap(Message<MqttDelivery> in) {
    EnvelopeFactory.Result result;
    try {
      result = factory.wrap(in.getPayload());
    } catch (RuntimeException e) {
      settlement.nack(in, e);
      return null;
    }
    if (!result.accepted()) {
      settlement.deadLetter(in, result.envelope(), result.rejectReason(), result.error());
      return null;
    }
    return settlement.forward(
        in, result.envelope(), TransientFailures::isRefusedForGood, PUBLISH_REFUSED);
  }
}
