package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.TestMessages;
import io.dataflow.enrich.testing.TestMessages.Tracked;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class MessageEnricherTest {
  private final FakeClock clock = new FakeClock();
  private final StageMetrics metrics = new StageMetrics("enrich");
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private CompletableFuture<Void> deadLetterAccepted = CompletableFuture.completedFuture(null);
  private final Map<String, DeviceRecord> devices =
      Map.of("d1", DeviceRecord.found(Map.of("name", "Boiler", "location", "plant-north")));
  private Function<String, CompletableFuture<DeviceRecord>> lookup =
      id -> CompletableFuture.completedFuture(devices.getOrDefault(id, DeviceRecord.absent()));

  private MessageEnricher enricher(UnknownDevicePolicy policy) {
    return enricher(policy, new DeviceIdKeyExtractor(), new EnrichmentMapApplier());
  }

  private MessageEnricher enricher(
      UnknownDevicePolicy policy, KeyExtractor keys, MetadataApplier applier) {
    return new MessageEnricher(
        keys,
        applier,
        id -> lookup.apply(id),
        policy,
        d -> {
          deadLetters.add(d);
          return deadLetterAccepted;
        },
        clock,
        metrics);
  }

  private static Optional<Message<Envelope>> run(MessageEnricher enricher, Tracked in) {
    return enricher.enrich(in.message).toCompletableFuture().join();
  }

  @Test
  void knownDeviceIsEnrichedAndTheInputAckedOnlyWhenTheOutputIsAcked() {
    Tracked in = TestMessages.message("d1");
    Message<Envelope> out = run(enricher(UnknownDevicePolicy.PASS_THROUGH), in).orElseThrow();
    assertThat(out.getPayload().enrichment())
        .containsEntry("name", "Boiler")
        .containsEntry("location", "plant-north");
    assertThat(out.getPayload().id()).isEqualTo(in.message.getPayload().id());
    assertThat(in.settled()).isFalse();

    out.ack().toCompletableFuture().join();
    assertThat(in.acks).hasValue(1);
    assertThat(metrics.ackedCount()).isEqualTo(1);
  }

  @Test
  void nackOfTheOutputNacksTheInput() {
    Tracked in = TestMessages.message("d1");
    Message<Envelope> out = run(enricher(UnknownDevicePolicy.PASS_THROUGH), in).orElseThrow();
    out.nack(new IllegalStateException("topic full")).toCompletableFuture().join();
    assertThat(in.nacks).hasValue(1);
    assertThat(in.nackReason.get()).hasMessage("topic full");
  }

  @Test
  void unknownDevicePassesThroughMarked() {
    Tracked in = TestMessages.message("ghost");
    Message<Envelope> out = run(enricher(UnknownDevicePolicy.PASS_THROUGH), in).orElseThrow();
    assertThat(out.getPayload().attributes())
        .containsEntry(MessageEnricher.STATUS_ATTRIBUTE, "unknown-device");
    assertThat(out.getPayload().enrichment()).isEmpty();
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void unknownDeviceIsDeadLetteredAndAckedOnlyAfterTheDeadLetterIsAccepted() {
    deadLetterAccepted = new CompletableFuture<>();
    Tracked in = TestMessages.message("ghost");
    var result = enricher(UnknownDevicePolicy.DEAD_LETTER).enrich(in.message);
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("unknown-device");
              assertThat(d.stage()).isEqualTo("enrich");
              assertThat(d.deadLetteredAt()).isEqualTo(clock.instant());
              assertThat(d.envelope().deviceId()).isEqualTo("ghost");
            });
    assertThat(in.settled()).isFalse();

    deadLetterAccepted.complete(null);
    assertThat(result.toCompletableFuture().join()).isEmpty();
    assertThat(in.acks).hasValue(1);
  }

  @Test
  void failedDeadLetterNacksTheInput() {
    deadLetterAccepted = CompletableFuture.failedFuture(new IllegalStateException("dlq full"));
    Tracked in = TestMessages.message("ghost");
    assertThat(run(enricher(UnknownDevicePolicy.DEAD_LETTER), in)).isEmpty();
    assertThat(in.nacks).hasValue(1);
    assertThat(in.acks).hasValue(0);
  }

  @Test
  void lookupErrorNacksInsteadOfDropping() {
    lookup = id -> CompletableFuture.failedFuture(new DeviceLookupException("firestore down"));
    Tracked in = TestMessages.message("d1");
    assertThat(run(enricher(UnknownDevicePolicy.DEAD_LETTER), in)).isEmpty();
    assertThat(in.nacks).hasValue(1);
    assertThat(in.nackReason.get()).isInstanceOf(DeviceLookupException.class);
    assertThat(deadLetters).isEmpty();
    assertThat(metrics.nackedCount()).isEqualTo(1);
  }

  @Test
  void aLookupThatFailsIsTriedAgainUntilTheTierAnswersAndNothingIsDeadLettered() {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    lookup =
        id ->
            calls.incrementAndGet() <= 6
                ? CompletableFuture.failedFuture(new DeviceLookupException("firestore down"))
                : CompletableFuture.completedFuture(devices.get(id));
    List<java.time.Duration> waits = new ArrayList<>();
    MessageEnricher retrying =
        new MessageEnricher(
            new DeviceIdKeyExtractor(),
            new EnrichmentMapApplier(),
            id -> lookup.apply(id),
            UnknownDevicePolicy.DEAD_LETTER,
            d -> {
              deadLetters.add(d);
              return deadLetterAccepted;
            },
            clock,
            metrics,
            new LookupRetry(
                new io.dataflow.sink.batch.RetryBackoff(
                    java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(4)),
                wait -> {
                  waits.add(wait);
                  return CompletableFuture.completedFuture(null);
                }));
    Tracked in = TestMessages.message("d1");

    Message<Envelope> out = run(retrying, in).orElseThrow();

    assertThat(out.getPayload().enrichment()).containsEntry("name", "Boiler");
    assertThat(calls).hasValue(7);
    assertThat(waits)
        .extracting(java.time.Duration::toMillis)
        .containsExactly(500L, 1000L, 2000L, 4000L, 4000L, 4000L);
    assertThat(in.nacks).hasValue(0);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void aStoppedEnricherNacksAFailedLookupInsteadOfWaiting() {
    lookup = id -> CompletableFuture.failedFuture(new DeviceLookupException("firestore down"));
    MessageEnricher retrying =
        new MessageEnricher(
            new DeviceIdKeyExtractor(),
            new EnrichmentMapApplier(),
            id -> lookup.apply(id),
            UnknownDevicePolicy.DEAD_LETTER,
            d -> deadLetterAccepted,
            clock,
            metrics,
            new LookupRetry(
                new io.dataflow.sink.batch.RetryBackoff(
                    java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(4)),
                LookupRetry.Delay.NONE));
    retrying.stop();
    Tracked in = TestMessages.message("d1");

    assertThat(run(retrying, in)).isEmpty();
    assertThat(in.nacks).hasValue(1);
  }

  @Test
  void lookupThatCompletesLaterIsEnriched() {
    CompletableFuture<DeviceRecord> later = new CompletableFuture<>();
    lookup = id -> later;
    Tracked in = TestMessages.message("d1");
    var result = enricher(UnknownDevicePolicy.PASS_THROUGH).enrich(in.message);
    assertThat(result.toCompletableFuture()).isNotDone();
    later.complete(devices.get("d1"));
    assertThat(result.toCompletableFuture().join().orElseThrow().getPayload().enrichment())
        .containsEntry("name", "Boiler");
  }

  @Test
  void pluggedKeyExtractorAndApplierAreUsed() {
    KeyExtractor byAttribute = e -> e.attributes().get("serial");
    MetadataApplier asAttribute =
        (e, metadata) -> e.withAttribute("device.name", metadata.get("name").toString());
    Tracked in =
        new TestMessages.Tracked(TestMessages.envelope("ignored").withAttribute("serial", "d1"), 1);
    Message<Envelope> out =
        run(enricher(UnknownDevicePolicy.PASS_THROUGH, byAttribute, asAttribute), in).orElseThrow();
    assertThat(out.getPayload().attributes()).containsEntry("device.name", "Boiler");
    assertThat(out.getPayload().enrichment()).isEmpty();
  }

  @Test
  void envelopeWithoutKeyIsAnUnknownDevice() {
    Tracked in = TestMessages.message("d1");
    Message<Envelope> out =
        run(enricher(UnknownDevicePolicy.PASS_THROUGH, e -> null, new EnrichmentMapApplier()), in)
            .orElseThrow();
    assertThat(out.getPayload().attributes())
        .containsEntry(MessageEnricher.STATUS_ATTRIBUTE, "unknown-device");
  }

  @Test
  void failingApplierDeadLettersTheEnvelope() {
    Tracked in = TestMessages.message("d1");
    MetadataApplier broken =
        (e, m) -> {
          throw new IllegalArgumentException("bad field");
        };
    assertThat(
            run(enricher(UnknownDevicePolicy.PASS_THROUGH, new DeviceIdKeyExtractor(), broken), in))
        .isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("enrichment-failed"));
    assertThat(in.acks).hasValue(1);
  }

  @Test
  void applierMergesIntoExistingEnrichment() {
    Envelope e = TestMessages.envelope("d1").withEnrichment(Map.of("site", "A", "name", "old"));
    Envelope out = new EnrichmentMapApplier().apply(e, Map.of("name", "Boiler"));
    assertThat(out.enrichment()).containsEntry("site", "A").containsEntry("name", "Boiler");
  }
}
