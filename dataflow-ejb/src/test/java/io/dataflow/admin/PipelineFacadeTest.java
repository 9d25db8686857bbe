package io.dataflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import io.dataflow.deadletter.DeadLetterHistory;
import io.dataflow.demo.DemoControl;
import io.dataflow.enrich.CacheControl;
import io.dataflow.enrich.lookup.CacheTierStats;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.sink.archive.ArchiveControl;
import io.dataflow.sink.archive.PendingGroup;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class PipelineFacadeTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final PipelineMetrics metrics = PipelineMetrics.unregistered();
  private final FakeCache cacheAdmin = new FakeCache();
  private final FakeArchive archiveAdmin = new FakeArchive();
  private final List<HealthCheckResponse> health = new ArrayList<>();
  private Optional<CacheControl> cache = Optional.of(cacheAdmin);
  private Optional<ArchiveControl> archive = Optional.of(archiveAdmin);
  private Optional<DeadLetterHistory> deadLetters = Optional.empty();
  private final FakeDemo demoAdmin = new FakeDemo();
  private Optional<DemoControl> demo = Optional.of(demoAdmin);
  private StageSelection stages = StageSelection.of(EnumSet.allOf(Stage.class));
  private final AuditTrail audit = AuditTrail.inMemory();

  private PipelineFacade facade() {
    return new PipelineFacade(
        clock,
        stages,
        metrics,
        () -> cache,
        () -> archive,
        () -> deadLetters,
        () -> demo,
        () -> health,
        audit);
  }

  private void tickSeconds(PipelineFacade f, int seconds, Runnable eachSecond) {
    for (int i = 0; i < seconds; i++) {
      eachSecond.run();
      f.tick();
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void pipelineListsEveryStageInFlowOrderWithCountersAndRates() {
    stages = StageSelection.of(EnumSet.of(Stage.INGESTION, Stage.ENRICH));
    PipelineFacade f = facade();
    StageMetrics ingestion = metrics.stage("ingestion");
    tickSeconds(
        f,
        61,
        () -> {
          for (int i = 0; i < 4; i++) {
            ingestion.received();
            ingestion.published();
            ingestion.acked();
          }
        });
    ingestion.received(); // one in flight

    PipelineOverview p = f.pipeline();

    assertThat(p.stages())
        .extracting(StageOverview::stage)
        .containsExactly("ingestion", "enrich", "bigquery", "archive");
    StageOverview in = p.stages().get(0);
    assertThat(in.enabled()).isTrue();
    assertThat(in.counters().received()).isEqualTo(245);
    assertThat(in.counters().acked()).isEqualTo(244);
    assertThat(in.counters().inFlight()).isEqualTo(1);
    assertThat(in.rates().received().lastMinute()).isCloseTo(4, within(0.01));
    assertThat(in.rates().acked().last5Minutes()).isCloseTo(4, within(0.01));
    assertThat(p.stages().get(2).enabled()).isFalse();
    assertThat(p.stages().get(2).health()).isEqualTo("OFF");
  }

  @Test
  void readingTheOverviewCreatesNoCountersForStagesThatNeverCounted() {
    facade().pipeline();

    assertThat(metrics.all()).isEmpty();
  }

  @Test
  void healthComesFromChecksNamedAfterTheStage() {
    health.add(
        new HealthCheckResponse("ingestion-mqtt", HealthCheckResponse.Status.UP, Optional.empty()));
    health.add(
        new HealthCheckResponse("enrich-redis", HealthCheckResponse.Status.DOWN, Optional.empty()));
    PipelineFacade f = facade();
    f.tick();

    PipelineOverview p = f.pipeline();

    assertThat(p.stages()).extracting(StageOverview::health).startsWith("UP", "DOWN", "UNKNOWN");
    assertThat(p.health()).isEqualTo("DOWN");
  }

  @Test
  void throughputChartHasOneSeriesPerEnabledStageInFiveSecondSteps() {
    stages = StageSelection.of(EnumSet.of(Stage.INGESTION, Stage.ARCHIVE));
    PipelineFacade f = facade();
    StageMetrics ingestion = metrics.stage("ingestion");
    tickSeconds(f, 21, () -> ingestion.received());

    HistoryChart chart = f.throughput();

    assertThat(chart.stepSeconds()).isEqualTo(5);
    assertThat(chart.series())
        .extracting(HistoryChart.Series::name)
        .containsExactly("ingestion", "archive");
    assertThat(chart.times()).hasSize(4);
    assertThat(chart.series().get(0).values()).containsOnly(1.0);
    assertThat(chart.series().get(1).values()).containsOnlyNulls();
  }

  @Test
  void cacheIsUnavailableWithAReasonWhenTheEnrichStageIsOff() {
    stages = StageSelection.of(EnumSet.of(Stage.INGESTION));
    cache = Optional.empty();

    CacheOverview c = facade().cache();

    assertThat(c.available()).isFalse();
    assertThat(c.note()).contains("enrich stage is off");
    assertThat(c.tiers()).isEmpty();
    assertThatThrownBy(() -> facade().invalidate("d1", "alice"))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void cacheTiersCarryTheirHitRatio() {
    cacheAdmin.hits = 30;
    cacheAdmin.misses = 10;

    CacheOverview c = facade().cache();

    assertThat(c.available()).isTrue();
    assertThat(c.tiers()).singleElement().satisfies(t -> assertThat(t.hitRatio()).isEqualTo(0.75));
  }

  @Test
  void cacheHitRatioHistoryIsAnsweredOverLookupsPerStep() {
    PipelineFacade f = facade();
    tickSeconds(
        f,
        11,
        () -> {
          cacheAdmin.hits += 3;
          cacheAdmin.misses += 1;
        });

    HistoryChart chart = f.cacheHitRatios();

    assertThat(chart.series())
        .singleElement()
        .satisfies(s -> assertThat(s.values()).containsOnly(0.75));
  }

  @Test
  void invalidateCallsTheProviderAndReportsWhoAsked() throws Exception {
    AdminActionResult r = facade().invalidate("dev-7", "alice");

    assertThat(cacheAdmin.invalidated).containsExactly("dev-7 by alice");
    assertThat(r)
        .extracting(AdminActionResult::action, AdminActionResult::by, AdminActionResult::at)
        .containsExactly("cache.invalidate", "alice", clock.instant());
  }

  @Test
  void archiveGroupsAreOldestFirstWithAgeAndTimeToSeal() {
    Instant now = clock.instant();
    archiveAdmin.groups.add(
        new PendingGroup(
            "2026/11/25/a", 3, 300, 100, now.minusSeconds(10), "age", now.plusSeconds(50), false));
    archiveAdmin.groups.add(
        new PendingGroup("2026/11/25/b", 5, 500, 200, now.minusSeconds(90), "idle", null, false));

    ArchiveOverview a = facade().archive();

    assertThat(a.groups())
        .extracting(ArchiveOverview.Group::key)
        .containsExactly("2026/11/25/b", "2026/11/25/a");
    assertThat(a.groups().get(0).oldestAgeSeconds()).isEqualTo(90);
    assertThat(a.groups().get(0).sealsInSeconds()).isEqualTo(-1);
    assertThat(a.groups().get(1).sealsInSeconds()).isEqualTo(50);
  }

  @Test
  void flushOfAnUnknownGroupIsReportedAsNotDone() throws Exception {
    AdminActionResult r = facade().flush("2026/11/25/none", "bob");

    assertThat(r.done()).isFalse();
    assertThat(archiveAdmin.flushed).containsExactly("2026/11/25/none by bob");
  }

  @Test
  void flushAllReportsHowManyGroupsWereSealed() throws Exception {
    archiveAdmin.flushAllCount = 3;

    AdminActionResult r = facade().flushAll("bob");

    assertThat(r)
        .extracting(AdminActionResult::done, AdminActionResult::count)
        .containsExactly(true, 3);
  }

  @Test
  void archiveActionsFailWhenTheArchiveStageIsAbsent() {
    archive = Optional.empty();

    assertThat(facade().archive().available()).isFalse();
    assertThatThrownBy(() -> facade().flushAll("bob"))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void aReplayWithoutAReplayProviderIsUnavailable() {
    assertThatThrownBy(
            () ->
                facade()
                    .replayDeadLetters(
                        new DeadLetterReplayFilter(
                            "enrich", null, null, null, null, null, true, false),
                        "alice"))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessage("Dead-letter replay is not running here.");
  }

  @Test
  void anInvalidReplayFilterIsAnInvalidRequestWithTheReasonAndReachesNoStore() {
    List<String> asked = new ArrayList<>();
    PipelineFacade f =
        facade()
            .withReplay(
                () ->
                    Optional.of(
                        new io.dataflow.replay.DeadLetterReplay() {
                          @Override
                          public io.dataflow.replay.ReplayResult replay(
                              io.dataflow.replay.ReplayRequest request, String by) {
                            asked.add(by);
                            return new io.dataflow.replay.ReplayResult(0, 0, 0, 0, List.of(), true);
                          }

                          @Override
                          public int maxIds() {
                            return 2;
                          }
                        }));

    assertThatThrownBy(
            () ->
                f.replayDeadLetters(
                    new DeadLetterReplayFilter(
                        null, null, null, null, null, List.of("a", "b", "c"), false, false),
                    "alice"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("too many ids: 3 given, at most 2 (dataflow.deadletter.replay.max-ids)");
    assertThatThrownBy(() -> f.replayDeadLetters(null, "alice"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(asked).isEmpty();
  }

  @Test
  void aFlushAndARefusedReplayAreInTheAuditTrailWithTheirOutcome() throws Exception {
    PipelineFacade f = facade();
    archiveAdmin.groups.add(
        new PendingGroup("2026/11/25/berlin", 5, 500, 200, clock.instant(), "idle", null, false));
    f.flush("2026/11/25/berlin", "alice");
    try {
      f.replayDeadLetters(
          new DeadLetterReplayFilter("nope", null, null, null, null, null, false, false), "bob");
    } catch (ProviderUnavailableException expected) {
      // no replay provider in this facade: audited as failed
    }

    List<AuditEntry> entries = f.auditEntries(null, null, null, null, null, null, 10);

    assertThat(entries)
        .extracting(AuditEntry::user, AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bob", "dead-letters.replay", AuditEntry.FAILED),
            org.assertj.core.groups.Tuple.tuple("alice", "archive.flush", AuditEntry.DONE));
    assertThat(entries.get(1).target()).isEqualTo("2026/11/25/berlin");
    assertThat(entries.get(1).count()).isEqualTo(1);
  }

  @Test
  void holdAndDropAreAuditedWithTheirCounts() throws Exception {
    PipelineFacade f = facade();
    archiveAdmin.groups.add(
        new PendingGroup("2026/11/25/berlin", 5, 500, 200, clock.instant(), "idle", null, false));

    assertThat(f.hold("2026/11/25/berlin", "alice").done()).isTrue();
    assertThat(f.hold("nope", "alice").done()).isFalse();
    AdminActionResult dropped = f.drop("2026/11/25/berlin", "alice");
    assertThat(dropped.count()).isEqualTo(5);
    assertThat(f.drop("2026/11/25/berlin", "alice").done()).isFalse();

    assertThat(f.auditEntries(null, "archive.", null, null, null, null, 10))
        .extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("archive.drop", AuditEntry.NO_OP, 0L),
            org.assertj.core.groups.Tuple.tuple("archive.drop", AuditEntry.DONE, 5L),
            org.assertj.core.groups.Tuple.tuple("archive.hold", AuditEntry.NO_OP, 0L),
            org.assertj.core.groups.Tuple.tuple("archive.hold", AuditEntry.DONE, 1L));
  }

  @Test
  void deadLettersAreClampedAndEmptyWithoutAProvider() {
    assertThat(facade().deadLetters(10)).isEmpty();
    List<Integer> asked = new ArrayList<>();
    deadLetters =
        Optional.of(
            limit -> {
              asked.add(limit);
              return List.of();
            });

    facade().deadLetters(100_000);
    facade().deadLetters(0);

    assertThat(asked).containsExactly(PipelineFacade.MAX_DEAD_LETTERS, 1);
  }

  @Test
  void demoTrafficStartAndStopSayWhetherTheyChangedAnythingAndWhoAsked() throws Exception {
    PipelineFacade f = facade();

    AdminActionResult started = f.startDemoTraffic("alice");
    AdminActionResult again = f.startDemoTraffic("alice");
    DemoTrafficOverview running = f.demoTraffic();
    AdminActionResult stopped = f.stopDemoTraffic("bob");
    AdminActionResult stoppedAgain = f.stopDemoTraffic("bob");

    assertThat(started)
        .extracting(
            AdminActionResult::action,
            AdminActionResult::target,
            AdminActionResult::done,
            AdminActionResult::by,
            AdminActionResult::at)
        .containsExactly("demo.start", "demo-traffic", true, "alice", clock.instant());
    assertThat(again.done()).isFalse();
    assertThat(running.available()).isTrue();
    assertThat(running.state())
        .extracting(DemoControl.State::running, DemoControl.State::startedBy)
        .containsExactly(true, "alice");
    assertThat(stopped)
        .extracting(AdminActionResult::action, AdminActionResult::done)
        .containsExactly("demo.stop", true);
    assertThat(stoppedAgain.done()).isFalse();
    assertThat(f.demoTraffic().state().running()).isFalse();
  }

  @Test
  void demoTrafficIsUnavailableWithAReasonWhenTheIngestionStageIsOff() {
    stages = StageSelection.of(EnumSet.of(Stage.ENRICH, Stage.ARCHIVE));
    demo = Optional.empty();

    DemoTrafficOverview d = facade().demoTraffic();

    assertThat(d.available()).isFalse();
    assertThat(d.note()).contains("ingestion stage is off");
    assertThat(d.state().running()).isFalse();
    assertThatThrownBy(() -> facade().startDemoTraffic("alice"))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("dataflow.stages");
    assertThatThrownBy(() -> facade().stopDemoTraffic("alice"))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  static final class FakeDemo implements DemoControl {
    boolean running;
    String by = "";

    @Override
    public State state() {
      return new State(running, running, "tcp://x:1883", 20, "2 devices", 0, 0, null, by, "");
    }

    @Override
    public boolean start(String requestedBy) {
      by = requestedBy;
      return !running && (running = true);
    }

    @Override
    public boolean stop(String requestedBy) {
      boolean was = running;
      running = false;
      return was;
    }
  }

  static final class FakeCache implements CacheControl {
    long hits;
    long misses;
    final List<String> invalidated = new ArrayList<>();

    @Override
    public List<CacheTierStats> tiers() {
      return List.of(new CacheTierStats("l1-caffeine", hits, misses, 0, 0, 10, 1.5, true));
    }

    @Override
    public boolean invalidate(String deviceId, String requestedBy) {
      invalidated.add(deviceId + " by " + requestedBy);
      return true;
    }
  }

  static final class FakeArchive implements ArchiveControl {
    final List<PendingGroup> groups = new ArrayList<>();
    final List<String> flushed = new ArrayList<>();
    int flushAllCount;

    @Override
    public List<PendingGroup> pendingGroups() {
      return groups;
    }

    @Override
    public boolean flush(String groupKey, String requestedBy) {
      flushed.add(groupKey + " by " + requestedBy);
      return groups.removeIf(g -> g.key().equals(groupKey));
    }

    @Override
    public int flushAll(String requestedBy) {
      return flushAllCount;
    }

    @Override
    public boolean hold(String groupKey, String requestedBy) {
      return groups.stream().anyMatch(g -> g.key().equals(groupKey));
    }

    @Override
    public boolean release(String groupKey, String requestedBy) {
      return false;
    }

    @Override
    public int drop(String groupKey, String requestedBy) {
      PendingGroup g =
          groups.stream().filter(x -> x.key().equals(groupKey)).findFirst().orElse(null);
      if (g == null) {
        return -1;
      }
      groups.remove(g);
      return (int) g.records();
    }
  }
}
