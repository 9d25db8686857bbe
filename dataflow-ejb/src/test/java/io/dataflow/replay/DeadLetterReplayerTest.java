package io.dataflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.bus.SubscriptionAddress;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.JsonlDeadLetterStore;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.testing.FakeClock;
import io.dataflow.testing.MapConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterReplayerTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  private static final ReplayRoutes ROUTES =
      ReplayRoutes.read(
          MapConfig.of(
              "mp.messaging.incoming.raw-in.topic", "raw",
              "mp.messaging.incoming.raw-in.subscription", "enrich",
              "mp.messaging.incoming.enriched-bigquery.topic", "enriched",
              "mp.messaging.incoming.enriched-bigquery.subscription", "bigquery",
              "mp.messaging.incoming.enriched-archive.topic", "enriched",
              "mp.messaging.incoming.enriched-archive.subscription", "archive",
              "mp.messaging.outgoing.replay-raw.topic", "raw",
              "mp.messaging.outgoing.replay-enriched.topic", "enriched"));

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(T.plusSeconds(3600));
  private final List<Published> published = new ArrayList<>();
  private JsonlDeadLetterStore store;
  private ReplayPublisher publisher = recording();

  private record Published(String channel, Envelope envelope) {}

  private ReplayPublisher recording() {
    return (channel, e) -> {
      published.add(new Published(channel, e));
      return CompletableFuture.completedFuture(null);
    };
  }

  @BeforeEach
  void open() throws Exception {
    store = new JsonlDeadLetterStore(dir, 100);
  }

  private DeadLetterReplayer replayer(int maxRecords) {
    return new DeadLetterReplayer(
        store,
        ROUTES,
        (c, e) -> publisher.publish(c, e),
        DeadLetterReplayer.reasons(ReplaySettings.REFUSED_REASONS.defaultValue()),
        maxRecords,
        Duration.ofSeconds(5),
        clock);
  }

  private static DeadLetter dead(
      String stage, String reason, String id, String device, int minute) {
    Envelope e =
        new Envelope(
                Envelope.CURRENT_VERSION,
                id,
                device,
                T,
                T,
                new Source("devices/" + device + "/telemetry", "telemetry"),
                Map.of("traceparent", "00-abc-def-01"),
                Payload.json("{\"seq\":1}"),
                Map.of())
            .withAttribute("keep", "yes");
    return new DeadLetter(stage, reason, "error", T.plusSeconds(60L * minute), e);
  }

  private static ReplayRequest request(
      String stage, String reason, String device, String from, String to, List<String> ids)
      throws InvalidReplayRequestException {
    return ReplayRequest.parse(stage, reason, device, from, to, ids, false, false, 1000);
  }

  private static ReplayRequest stage(String stage) throws InvalidReplayRequestException {
    return request(stage, null, null, null, null, List.of());
  }

  @Test
  void aReplayedEnvelopeKeepsItsIdLosesItsDlqAttributesAndNamesItsDeadLetter() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d9", 0);
    store.append(d);

    ReplayResult r = replayer(100).replay(stage("enrich"), "alice");

    assertThat(r.replayed()).isEqualTo(1);
    assertThat(published).hasSize(1);
    Envelope out = published.get(0).envelope();
    assertThat(published.get(0).channel()).isEqualTo("replay-raw");
    assertThat(out.id()).isEqualTo("e1");
    assertThat(out.payload()).isEqualTo(d.envelope().payload());
    assertThat(out.attributes())
        .containsEntry(DeadLetterReplayer.ATTR_REPLAY_OF, d.id())
        .containsEntry(SubscriptionAddress.ATTR_DELIVER_TO, "enrich")
        .containsEntry("keep", "yes")
        .containsEntry("traceparent", "00-abc-def-01");
    assertThat(out.attributes().keySet()).noneMatch(k -> k.startsWith("dlq."));
  }

  @Test
  void aSinkDeadLetterIsAddressedToThatSinkOnly() throws Exception {
    store.append(dead("bigquery", "invalid", "e1", "d1", 0));
    store.append(dead("archive", "archive-unstorable", "e2", "d1", 1));

    replayer(100).replay(request(null, null, "d1", null, null, List.of()), "alice");

    assertThat(published)
        .extracting(p -> p.channel() + ":" + p.envelope().attributes().get("dataflow.deliver-to"))
        .containsExactly("replay-enriched:bigquery", "replay-enriched:archive");
  }

  @Test
  void aSubscriptionsMaxAttemptsDeadLetterGoesBackToThatSubscription() throws Exception {
    store.append(dead("projects/p/subscriptions/archive", "max-attempts", "e1", "d1", 0));
    store.append(dead("bigquery", "max-attempts", "e2", "d1", 1));

    ReplayResult r = replayer(100).replay(stage("archive"), "alice");

    assertThat(r.matched()).isEqualTo(1);
    assertThat(published.get(0).envelope().attributes())
        .containsEntry("dataflow.deliver-to", "archive");
  }

  @Test
  void everyCriterionNarrowsTheSelection() throws Exception {
    store.append(dead("enrich", "unknown-device", "e1", "d1", 0));
    store.append(dead("enrich", "enrichment-failed", "e2", "d1", 10));
    store.append(dead("enrich", "unknown-device", "e3", "d2", 20));
    store.append(dead("bigquery", "invalid", "e4", "d2", 30));
    DeadLetterReplayer replayer = replayer(100);
    ReplayRequest byStage =
        ReplayRequest.parse("enrich", null, null, null, null, null, true, false, 9);
    ReplayRequest byReason =
        ReplayRequest.parse(null, "unknown-device", null, null, null, null, true, false, 9);
    ReplayRequest byDevice =
        ReplayRequest.parse(null, null, "d2", null, null, null, true, false, 9);
    ReplayRequest byTime =
        ReplayRequest.parse(
            null, null, null, "2026-12-01T10:10:00Z", "2026-12-01T10:30:00Z", null, true, false, 9);
    ReplayRequest byIds =
        ReplayRequest.parse(null, null, null, null, null, List.of("e1", "e4"), true, false, 9);

    assertThat(replayer.replay(byStage, "a").matched()).isEqualTo(3);
    assertThat(replayer.replay(byReason, "a").matched()).isEqualTo(2);
    assertThat(replayer.replay(byDevice, "a").matched()).isEqualTo(2);
    assertThat(replayer.replay(byTime, "a").matched()).isEqualTo(2); // minutes 10 and 20
    assertThat(replayer.replay(byIds, "a").matched()).isEqualTo(2);
    assertThat(published).isEmpty();
  }

  @Test
  void aDeadLetterIdSelectsThatDeadLetterOnly() throws Exception {
    DeadLetter first = dead("bigquery", "invalid", "e1", "d1", 0);
    DeadLetter second = dead("archive", "max-attempts", "e1", "d1", 0);
    store.append(first);
    store.append(second);

    ReplayResult r =
        replayer(100).replay(request(null, null, null, null, null, List.of(second.id())), "a");

    assertThat(r.matched()).isEqualTo(1);
    assertThat(published.get(0).envelope().attributes())
        .containsEntry("dataflow.deliver-to", "archive");
  }

  @Test
  void oversizeAndIngestionDeadLettersAreRefusedWithTheReason() throws Exception {
    store.append(dead("bigquery", "oversize", "e1", "d1", 0));
    store.append(dead("ingestion", "no-route", "e2", "d1", 1));
    store.append(dead("ingestion", "publish-refused", "e3", "d1", 2));
    store.append(dead("bigquery", "invalid", "e4", "d1", 3));

    ReplayResult r = replayer(100).replay(request(null, null, "d1", null, null, List.of()), "a");

    assertThat(r.matched()).isEqualTo(4);
    assertThat(r.replayed()).isEqualTo(1);
    assertThat(r.refusedCount()).isEqualTo(3);
    assertThat(r.refused())
        .extracting(ReplayResult.Refusal::envelopeId, ReplayResult.Refusal::refusal)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "e1",
                "reason oversize cannot succeed again as the envelope is"
                    + " (dataflow.deadletter.replay.refused-reasons)"),
            org.assertj.core.groups.Tuple.tuple(
                "e2", "an ingestion dead letter cannot be replayed: its input is the MQTT broker"),
            org.assertj.core.groups.Tuple.tuple(
                "e3", "an ingestion dead letter cannot be replayed: its input is the MQTT broker"));
    assertThat(published).extracting(p -> p.envelope().id()).containsExactly("e4");
  }

  @Test
  void aReplayedDeadLetterIsMarkedKeptAndNotReplayedAgainUnlessAsked() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d1", 0);
    store.append(d);
    replayer(100).replay(stage("enrich"), "alice");

    assertThat(store.replayMark(d.id()))
        .hasValueSatisfying(m -> assertThat(m.by()).isEqualTo("alice"));
    assertThat(store.recent(10)).extracting(DeadLetter::id).containsExactly(d.id());

    ReplayResult again = replayer(100).replay(stage("enrich"), "bob");
    assertThat(again.replayed()).isZero();
    assertThat(again.refused().get(0).refusal())
        .startsWith("already replayed at " + clock.instant());

    ReplayResult forced =
        replayer(100)
            .replay(
                ReplayRequest.parse("enrich", null, null, null, null, null, false, true, 9), "bob");
    assertThat(forced.replayed()).isEqualTo(1);
    assertThat(published).hasSize(2);
  }

  @Test
  void theMarksSurviveReopeningTheStore() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d1", 0);
    store.append(d);
    replayer(100).replay(stage("enrich"), "alice");
    store.close();

    store = new JsonlDeadLetterStore(dir, 100);

    assertThat(store.replayMark(d.id())).isPresent();
  }

  @Test
  void aDryRunCountsAndPublishesNothing() throws Exception {
    store.append(dead("enrich", "unknown-device", "e1", "d1", 0));
    store.append(dead("bigquery", "oversize", "e2", "d1", 1));

    ReplayResult r =
        replayer(100)
            .replay(ReplayRequest.parse(null, null, null, null, null, null, true, false, 9), "a");

    assertThat(r.dryRun()).isTrue();
    assertThat(r.matched()).isEqualTo(2);
    assertThat(r.replayable()).isEqualTo(1);
    assertThat(r.replayed()).isZero();
    assertThat(published).isEmpty();
    assertThat(store.replayMark(dead("enrich", "unknown-device", "e1", "d1", 0).id())).isEmpty();
  }

  @Test
  void aLineStoredTwiceIsOneDeadLetter() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d1", 0);
    store.append(d);
    store.append(DeadLetter.fromEnvelope(d.toEnvelope()).orElseThrow());

    ReplayResult r = replayer(100).replay(stage("enrich"), "a");

    assertThat(r.matched()).isEqualTo(1);
    assertThat(published).hasSize(1);
  }

  @Test
  void moreThanMaxRecordsIsRefusedWithTheSettingNamed() throws Exception {
    for (int i = 0; i < 3; i++) {
      store.append(dead("enrich", "unknown-device", "e" + i, "d1", i));
    }

    assertThatThrownBy(() -> replayer(2).replay(stage("enrich"), "a"))
        .isInstanceOf(InvalidReplayRequestException.class)
        .hasMessageContaining("selects 3 dead letters")
        .hasMessageContaining("dataflow.deadletter.replay.max-records=2");
    assertThat(published).isEmpty();
  }

  @Test
  void aPublishTheBusRefusesIsReportedAndNotMarked() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d1", 0);
    store.append(d);
    publisher =
        (c, e) -> CompletableFuture.failedFuture(new IllegalStateException("topic raw is full"));

    ReplayResult r = replayer(100).replay(stage("enrich"), "a");

    assertThat(r.replayed()).isZero();
    assertThat(r.refused().get(0).refusal())
        .contains("publish failed")
        .contains("topic raw is full");
    assertThat(store.replayMark(d.id())).isEmpty();
  }

  @Test
  void aPublishNotAcceptedInTimeIsReportedAndNotMarked() throws Exception {
    DeadLetter d = dead("enrich", "unknown-device", "e1", "d1", 0);
    store.append(d);
    publisher = (c, e) -> new CompletableFuture<Void>();
    DeadLetterReplayer replayer =
        new DeadLetterReplayer(
            store,
            ROUTES,
            (c, e) -> publisher.publish(c, e),
            Set.of(),
            10,
            Duration.ofMillis(50),
            clock);

    ReplayResult r = replayer.replay(stage("enrich"), "a");

    assertThat(r.replayed()).isZero();
    assertThat(r.refused().get(0).refusal()).contains("did not accept it within PT0.05S");
    assertThat(store.replayMark(d.id())).isEmpty();
  }

  @Test
  void replayingTenThousandDeadLettersPublishesEachOnce() throws Exception {
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      store.append(dead("bigquery", "invalid", "e" + i, "d" + (i % 7), i % 50));
    }
    long start = System.nanoTime();
    replayer(n)
        .replay(ReplayRequest.parse("bigquery", null, null, null, null, null, true, false, 9), "a");
    System.out.printf(
        "measure: dry run over %d: %d ms%n", n, (System.nanoTime() - start) / 1_000_000);
    start = System.nanoTime();

    ReplayResult r = replayer(n).replay(stage("bigquery"), "a");

    long micros = (System.nanoTime() - start) / 1000;
    System.out.printf(
        "measure: replayed %d dead letters in %d ms (%.0f per second, in-memory publisher)%n",
        n, micros / 1000, n * 1e6 / micros);
    assertThat(r.replayed()).isEqualTo(n);
    assertThat(published.stream().map(p -> p.envelope().id()).distinct().count()).isEqualTo(n);
  }
}
