package io.dataflow.enrich;

import io.dataflow.config.Stage;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Enriches one message. The outcome is one of: an enriched message to publish, whose ack and nack
 * settle the input (so the input is acked only once downstream accepted the output); the input
 * dead-lettered and then acked; or the input nacked when the lookup failed, so the bus redelivers
 * it and dead-letters it after its maximum attempts. Nothing is dropped.
 */
public final class MessageEnricher {
  public static final String STATUS_ATTRIBUTE = "enrichment.status";
  public static final String UNKNOWN_DEVICE = "unknown-device";
  static final String ENRICHMENT_FAILED = "enrichment-failed";
  private static final Logger LOG = Logger.getLogger(MessageEnricher.class.getName());
  private static final String STAGE = Stage.ENRICH.configName();

  private final KeyExtractor keys;
  private final MetadataApplier applier;
  private final Function<String, CompletableFuture<DeviceRecord>> lookup;
  private final UnknownDevicePolicy unknownDevices;
  private final StageMetrics metrics;
  private final Settlement settlement;

  public MessageEnricher(
      KeyExtractor keys,
      MetadataApplier applier,
      Function<String, CompletableFuture<DeviceRecord>> lookup,
      UnknownDevicePolicy unknownDevices,
      DeadLetterSink deadLetters,
      Clock clock,
      StageMetrics metrics) {
    this.keys = keys;
    this.applier = applier;
    this.lookup = lookup;
    this.unknownDevices = unknownDevices;
    this.metrics = metrics;
    this.settlement = new Settlement(STAGE, deadLetters, metrics, clock);
  }

  /**
   * Completes with the message to publish, or empty when the input was settled here (dead-lettered
   * or nacked). Never completes exceptionally.
   */
  public CompletionStage<Optional<Message<Envelope>>> enrich(Message<Envelope> in) {
    metrics.received();
    Envelope envelope = in.getPayload();
    String key;
    try {
      key = keys.key(envelope);
    } catch (RuntimeException e) {
      return deadLetter(in, ENRICHMENT_FAILED, "key extractor failed: " + e);
    }
    if (key == null || key.isBlank()) {
      return unknown(in, "envelope has no device key");
    }
    CompletableFuture<DeviceRecord> record;
    try {
      record = lookup.apply(key);
    } catch (RuntimeException e) {
      record = CompletableFuture.failedFuture(e);
    }
    if (record.isDone() && !record.isCompletedExceptionally()) {
      return resolved(in, key, record.join()); // L1 hit: no extra hop through the future
    }
    return record
        .handle((r, error) -> error == null ? resolved(in, key, r) : nack(in, key, error))
        .thenCompose(Function.identity());
  }

  private CompletionStage<Optional<Message<Envelope>>> resolved(
      Message<Envelope> in, String key, DeviceRecord record) {
    if (!record.isFound()) {
      return unknown(in, "device '" + key + "' is not registered");
    }
    Envelope enriched;
    try {
      enriched = applier.apply(in.getPayload(), record.fields());
    } catch (RuntimeException e) {
      return deadLetter(in, ENRICHMENT_FAILED, "applier failed for device '" + key + "': " + e);
    }
    return publish(in, enriched);
  }

  private CompletionStage<Optional<Message<Envelope>>> unknown(Message<Envelope> in, String why) {
    return switch (unknownDevices) {
      case PASS_THROUGH ->
          publish(in, in.getPayload().withAttribute(STATUS_ATTRIBUTE, UNKNOWN_DEVICE));
      case DEAD_LETTER -> deadLetter(in, UNKNOWN_DEVICE, why);
    };
  }

  private CompletionStage<Optional<Message<Envelope>>> publish(Message<Envelope> in, Envelope out) {
    return CompletableFuture.completedFuture(Optional.of(settlement.forward(in, out)));
  }

  private CompletionStage<Optional<Message<Envelope>>> deadLetter(
      Message<Envelope> in, String reason, String error) {
    return settlement.deadLetter(in, reason, error).thenApply(v -> Optional.empty());
  }

  private CompletionStage<Optional<Message<Envelope>>> nack(
      Message<Envelope> in, String key, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    LOG.log(
        Level.FINE, () -> "Lookup of device '" + key + "' failed; nacking " + in.getPayload().id());
    settlement.nack(in, cause);
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
