package io.dataflow.enrich;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.NamedBeans;
import io.dataflow.config.Setting;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.reactivestreams.Publisher;

/**
 * The enrich stage: {@code raw-in} -> device metadata -> {@code enriched-out}. It processes the
 * stream as a whole so that many envelopes are in flight at once and their L1 misses share one
 * batched lookup. Acknowledgement is manual: an input is acked when its enriched message is acked
 * downstream (or after its dead letter is accepted), nacked when the lookup failed.
 */
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class EnrichStage {
  @Inject Config config;
  @Inject Clock clock;
  @Inject EnrichTiers tiers;
  @Inject DeadLetterSink deadLetters;
  @Inject PipelineMetrics metrics;
  @Inject @Any Instance<KeyExtractor> keyExtractors;
  @Inject @Any Instance<MetadataApplier> appliers;

  @Inject ManagedThreads threads;
  @Inject Heartbeats heartbeats;

  private EnrichProcessor processor;
  private MessageEnricher enricher;
  private ScheduledExecutorService retryTimer;
  private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

  @Incoming("raw-in")
  @Outgoing("enriched-out")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Publisher<Message<Envelope>> enrich(Publisher<Message<Envelope>> raw) {
    EnrichConfig settings = EnrichConfig.read(config);
    enricher =
        new MessageEnricher(
            select(keyExtractors, EnrichSettings.KEY_EXTRACTOR, KeyExtractor.class),
            select(appliers, EnrichSettings.APPLIER, MetadataApplier.class),
            tiers.lookup()::lookup,
            settings.unknownDevices(),
            deadLetters,
            clock,
            metrics.stage(Stage.ENRICH.configName()),
            new LookupRetry(settings.lookupRetry(), this::after));
    retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            threads.factory(Stage.ENRICH.configName() + "-retry"));
    processor =
        new EnrichProcessor(
            "enriched-out",
            raw,
            enricher,
            settings.maxInFlight(),
            threads.factory(Stage.ENRICH.configName()),
            heartbeats);
    return processor;
  }

  @PreDestroy
  void stop() {
    if (enricher != null) {
      // Lookups waiting for their next try go now, and nack if they fail again.
      enricher.stop();
      waiting.forEach(w -> w.complete(null));
      retryTimer.shutdownNow();
    }
    if (processor != null) {
      processor.stop();
    }
  }

  /** Completes after the wait, or at once when the stage stops. */
  private CompletionStage<Void> after(java.time.Duration wait) {
    EnrichProcessor p = processor;
    if (p != null) {
      // Waiting out a tier's outage is not a stall.
      p.heartbeat().pausing(wait);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiting.add(done);
    done.whenComplete((v, e) -> waiting.remove(done));
    try {
      retryTimer.schedule(() -> done.complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      done.complete(null);
    }
    return done;
  }

  /** The {@code @Named} bean that the setting names; fails naming the key and the choices. */
  private <T> T select(Instance<T> beans, Setting<String> setting, Class<T> type) {
    return NamedBeans.select(beans, setting, config, type);
  }
}
