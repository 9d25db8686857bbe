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
 * dead-lettered and then acked. A lookup that failed (a tier down or slow) is tried again with
 * {@link LookupRetry}'s backoff for as long as it fails, so an outage never dead-letters a message;
 * once the stage stops, a failed lookup nacks the input and the bus redelivers it. Nothing is
 * dropped.
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
  private final LookupRetry retry;
  private volatile boolean stopped;

  /** An enricher whose failed lookups nack at once (no retry). */
  public MessageEnricher(
      KeyExtractor keys,
      MetadataApplier applier,
      Function<String, CompletableFuture<DeviceRecord>> lookup,
      UnknownDevicePolicy unknownDevices,
      DeadLetterSink deadLetters,
      Clock clock,
      StageMetrics metrics) {
    this(keys, applier, lookup, unknownDevices, deadLetters, clock, metrics, LookupRetry.NACK);
  }

  public MessageEnricher(
      KeyExtractor keys,
      MetadataApplier applier,
      Function<String, CompletableFuture<DeviceRecord>> lookup,
      UnknownDevicePolicy unknownDevices,
      DeadLetterSink deadLetters,
      Clock clock,
      StageMetrics metrics,
      LookupRetry retry) {
    this.retry = retry;
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
    long start = System.nanoTime();
    metrics.received();
    return enrichReceived(in).whenComplete((out, error) -> metrics.processed(start));
  }

  private CompletionStage<Optional<Message<Envelope>>> enrichReceived(Message<Envelope> in) {
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
    return lookUp(in, key, 1);
  }

  /** From now on a failed lookup nacks instead of waiting for the next try. */
  public void stop() {
    stopped = true;
  }

  private CompletionStage<Optional<Message<Envelope>>> lookUp(
      Message<Envelope> in, String key, int attempt) {
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
        .handle(
            (r, error) -> error == null ? resolved(in, key, r) : failed(in, key, error, attempt))
        .thenCompose(Function.identity());
  }

  private CompletionStage<Optional<Message<Envelope>>> failed(
      Message<Envelope> in, String key, Throwable error, int attempt) {
    if (!retry.retries() || stopped) {
      return nack(in, key, error);
    }
    java.time.Duration wait = retry.backoff().delay(attempt);
    LOG.log(
        attempt == 1 ? Level.INFO : Level.FINE,
        () ->
            "Lookup of device '"
                + key
                + "' failed (try "
                + attempt
                + "): "
                + unwrap(error)
                + "; trying again in "
                + wait);
    return retry.delay().after(wait).thenCompose(v -> lookUp(in, key, attempt + 1));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
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
    Throwable cause = unwrap(error);
    LOG.log(
        Level.FINE, () -> "Lookup of device '" + key + "' failed; nacking " + in.getPayload().id());
    settlement.nack(in, cause);
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
