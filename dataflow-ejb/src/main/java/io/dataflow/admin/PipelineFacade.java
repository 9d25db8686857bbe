package io.dataflow.admin;

import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import io.dataflow.deadletter.DeadLetterHistory;
import io.dataflow.demo.DemoControl;
import io.dataflow.enrich.CacheControl;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.replay.DeadLetterReplay;
import io.dataflow.replay.InvalidReplayRequestException;
import io.dataflow.replay.ReplayRequest;
import io.dataflow.replay.ReplayResult;
import io.dataflow.sink.archive.ArchiveControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The one entry point of the admin console into the pipeline. Returns DTOs only; reads stage
 * counters from {@link PipelineMetrics}, rates from a {@link ThroughputHistory} fed once a second
 * by {@link #tick()}, and the stage panels through the optional providers ({@link CacheControl},
 * {@link ArchiveControl}, {@link DeadLetterHistory}, {@link DemoControl}), which are absent when
 * their stage does not run here. Every action (flush, invalidation, replay, demo start and stop) is
 * written to the {@link AuditTrail}, refused and failed requests for actions included.
 */
@ApplicationScoped
public class PipelineFacade {
  private static final Logger LOG = Logger.getLogger(PipelineFacade.class.getName());

  /** The chart's span. */
  public static final Duration RETENTION = Duration.ofMinutes(15);

  static final Duration CHART_STEP = Duration.ofSeconds(5);
  static final int MAX_DEAD_LETTERS = 500;
  private static final int HEALTH_EVERY_TICKS = 5;
  private static final String DEMO_TARGET = "demo-traffic";
  private static final String REPLAY = "dead-letters.replay";

  private Clock clock;
  private StageSelection enabled;
  private PipelineMetrics metrics;
  private Supplier<Optional<CacheControl>> cache;
  private Supplier<Optional<ArchiveControl>> archive;
  private Supplier<Optional<DeadLetterHistory>> deadLetters;
  private Supplier<Optional<DeadLetterReplay>> replay;
  private Supplier<Optional<DemoControl>> demo;
  private Supplier<List<HealthCheckResponse>> healthChecks;
  private AuditTrail audit;
  private ThroughputHistory history;
  private volatile StageHealth health = StageHealth.none();
  private int ticks;

  protected PipelineFacade() {}

  @Inject
  PipelineFacade(
      Clock clock,
      StageSelection enabled,
      PipelineMetrics metrics,
      Instance<CacheControl> cache,
      Instance<ArchiveControl> archive,
      Instance<DeadLetterHistory> deadLetters,
      Instance<DeadLetterReplay> replay,
      Instance<DemoControl> demo,
      @Any Instance<HealthCheck> healthChecks,
      AuditTrail audit) {
    this(
        clock,
        enabled,
        metrics,
        () -> first(cache),
        () -> first(archive),
        () -> first(deadLetters),
        () -> first(demo),
        () -> callAll(healthChecks),
        audit);
    this.replay = () -> first(replay);
  }

  /** For tests and tools: the providers as suppliers, empty when absent. */
  public PipelineFacade(
      Clock clock,
      StageSelection enabled,
      PipelineMetrics metrics,
      Supplier<Optional<CacheControl>> cache,
      Supplier<Optional<ArchiveControl>> archive,
      Supplier<Optional<DeadLetterHistory>> deadLetters,
      Supplier<Optional<DemoControl>> demo,
      Supplier<List<HealthCheckResponse>> healthChecks,
      AuditTrail audit) {
    this.clock = clock;
    this.enabled = enabled;
    this.metrics = metrics;
    this.cache = cache;
    this.archive = archive;
    this.deadLetters = deadLetters;
    this.replay = Optional::empty;
    this.demo = demo;
    this.healthChecks = healthChecks;
    this.audit = audit;
    this.history = new ThroughputHistory(clock, RETENTION, Duration.ofSeconds(1));
  }

  /**
   * Samples every counter into the history; re-reads health every few ticks. Called each second.
   */
  public void tick() {
    history.sample(counters());
    if (ticks++ % HEALTH_EVERY_TICKS == 0) {
      refreshHealth();
    }
  }

  // ---- pipeline

  public PipelineOverview pipeline() {
    List<StageOverview> stages = new ArrayList<>();
    Map<String, StageMetrics> counting = new LinkedHashMap<>();
    metrics.all().forEach(m -> counting.put(m.stage(), m));
    boolean down = false;
    for (String name : stageNames()) {
      boolean on = isEnabled(name);
      // A stage that never counted shows zeros; asking the registry would register its gauges.
      StageMetrics m = counting.getOrDefault(name, new StageMetrics(name));
      String status = health.status(name, on);
      down |= StageHealth.DOWN.equals(status);
      stages.add(
          new StageOverview(
              name,
              on,
              status,
              new StageOverview.Counters(
                  m.receivedCount(),
                  m.publishedCount(),
                  m.ackedCount(),
                  m.nackedCount(),
                  m.deadLetteredCount(),
                  m.inFlight()),
              new StageOverview.Rates(
                  rate(name, "received"),
                  rate(name, "published"),
                  rate(name, "acked"),
                  rate(name, "deadLettered"))));
    }
    return new PipelineOverview(
        clock.instant(), down ? StageHealth.DOWN : StageHealth.UP, List.copyOf(stages));
  }

  /** Messages received per second by each stage over the last 15 minutes, in 5-second steps. */
  public HistoryChart throughput() {
    Map<String, List<ThroughputHistory.Step>> steps = new LinkedHashMap<>();
    for (String name : stageNames()) {
      if (isEnabled(name)) {
        steps.put(name, history.steps(counterName(name, "received"), CHART_STEP));
      }
    }
    return Charts.columns(CHART_STEP, steps, (stage, s) -> s.perSecond());
  }

  // ---- cache

  public CacheOverview cache() {
    return cache
        .get()
        .map(
            c ->
                new CacheOverview(
                    true, "", c.tiers().stream().map(CacheOverview.Tier::of).toList()))
        .orElseGet(() -> new CacheOverview(false, unavailable(Stage.ENRICH, "cache"), List.of()));
  }

  /** Hit ratio (hits and negative hits over lookups) of each tier in 5-second steps. */
  public HistoryChart cacheHitRatios() {
    Map<String, List<ThroughputHistory.Step>> lookups = new LinkedHashMap<>();
    Map<String, Map<Instant, Long>> answered = new LinkedHashMap<>();
    for (CacheOverview.Tier t : cache().tiers()) {
      lookups.put(t.tier(), history.steps(cacheCounter(t.tier(), "lookups"), CHART_STEP));
      Map<Instant, Long> a = new LinkedHashMap<>();
      history
          .steps(cacheCounter(t.tier(), "answered"), CHART_STEP)
          .forEach(s -> a.put(s.at(), s.delta()));
      answered.put(t.tier(), a);
    }
    return Charts.columns(
        CHART_STEP,
        lookups,
        (tier, s) -> {
          Long hit = answered.get(tier).get(s.at());
          return s.delta() == 0 || hit == null ? null : (double) hit / s.delta();
        });
  }

  public AdminActionResult invalidate(String deviceId, String user)
      throws ProviderUnavailableException {
    CacheControl c =
        cache
            .get()
            .orElseThrow(
                () -> new ProviderUnavailableException(unavailable(Stage.ENRICH, "cache")));
    boolean held = c.invalidate(deviceId, user);
    return audited("cache.invalidate", deviceId, held, held ? 1 : 0, user);
  }

  // ---- archive

  public ArchiveOverview archive() {
    Instant now = clock.instant();
    return archive
        .get()
        .map(
            a ->
                new ArchiveOverview(
                    true,
                    "",
                    a.pendingGroups().stream()
                        .map(g -> ArchiveOverview.Group.of(g, now))
                        .sorted(
                            Comparator.comparing(ArchiveOverview.Group::oldestAgeSeconds)
                                .reversed())
                        .toList()))
        .orElseGet(
            () -> new ArchiveOverview(false, unavailable(Stage.ARCHIVE, "archive"), List.of()));
  }

  public AdminActionResult flush(String groupKey, String user) throws ProviderUnavailableException {
    boolean flushed = archiveProvider().flush(groupKey, user);
    return audited("archive.flush", groupKey, flushed, flushed ? 1 : 0, user);
  }

  public AdminActionResult flushAll(String user) throws ProviderUnavailableException {
    int n = archiveProvider().flushAll(user);
    return audited("archive.flush-all", "*", n > 0, n, user);
  }

  /** Holds a pending group; {@code done} is false when no such group is pending. */
  public AdminActionResult hold(String groupKey, String user) throws ProviderUnavailableException {
    boolean held = archiveProvider().hold(groupKey, user);
    return audited("archive.hold", groupKey, held, held ? 1 : 0, user);
  }

  /** Ends a hold; {@code done} is false when the group was not held. */
  public AdminActionResult release(String groupKey, String user)
      throws ProviderUnavailableException {
    boolean released = archiveProvider().release(groupKey, user);
    return audited("archive.release", groupKey, released, released ? 1 : 0, user);
  }

  /**
   * Sends a pending group's records to the dead letter (reason {@code operator-drop}), from where
   * they can be replayed into the archive; count = records dropped, {@code done} false when no such
   * group is pending.
   */
  public AdminActionResult drop(String groupKey, String user) throws ProviderUnavailableException {
    int n = archiveProvider().drop(groupKey, user);
    return audited("archive.drop", groupKey, n >= 0, Math.max(0, n), user);
  }

  // ---- dead letters

  /**
   * The newest dead letters first, each with its replay state; {@code limit} is clamped to 1..500.
   */
  public List<DeadLetterView> deadLetters(int limit) {
    int n = Math.max(1, Math.min(MAX_DEAD_LETTERS, limit));
    Optional<DeadLetterHistory> history = deadLetters.get();
    if (history.isEmpty()) {
      return List.of();
    }
    DeadLetterHistory h = history.get();
    return h.recent(n).stream().map(d -> DeadLetterView.of(d, h.replayMark(d.id()))).toList();
  }

  /** Uses this replay provider instead of the container's (tests and tools). */
  public PipelineFacade withReplay(Supplier<Optional<DeadLetterReplay>> provider) {
    this.replay = provider;
    return this;
  }

  /**
   * Replays the dead letters a filter selects into the input of the stage that rejected each, or
   * counts them in a dry run. A replay is audited ({@code dead-letters.replay}, count = replayed).
   *
   * @throws InvalidRequestException for an unknown stage, an unreadable time, from after to, too
   *     many ids, no criterion, or more dead letters selected than may be replayed at once
   * @throws ProviderUnavailableException when the dead-letter store cannot be read here
   */
  public DeadLetterReplayOutcome replayDeadLetters(DeadLetterReplayFilter filter, String user)
      throws InvalidRequestException, ProviderUnavailableException {
    Optional<DeadLetterReplay> provider = replay.get();
    if (provider.isEmpty()) {
      String why = "Dead-letter replay is not running here.";
      auditFailure(REPLAY, "", AuditEntry.FAILED, why, user);
      throw new ProviderUnavailableException(why);
    }
    DeadLetterReplay r = provider.get();
    if (filter == null) {
      String why = "a JSON filter is required, e.g. {\"stage\":\"enrich\"}";
      auditFailure(REPLAY, "", AuditEntry.REFUSED, why, user);
      throw new InvalidRequestException(why);
    }
    ReplayResult result;
    ReplayRequest request = null;
    try {
      request =
          ReplayRequest.parse(
              filter.stage(),
              filter.reason(),
              filter.deviceId(),
              filter.from(),
              filter.to(),
              filter.ids(),
              filter.dryRun(),
              filter.includeReplayed(),
              r.maxIds());
      result = r.replay(request, user);
    } catch (InvalidReplayRequestException e) {
      if (request == null || !request.dryRun()) {
        auditFailure(
            REPLAY,
            request == null ? "" : request.describe(),
            AuditEntry.REFUSED,
            e.getMessage(),
            user);
      }
      throw new InvalidRequestException(e.getMessage());
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "Dead-letter replay failed", e);
      String why = "The dead-letter store cannot be read: " + e;
      auditFailure(REPLAY, request.describe(), AuditEntry.FAILED, why, user);
      throw new ProviderUnavailableException(why);
    }
    if (!result.dryRun()) {
      audit.record(
          new AdminActionResult(
              REPLAY,
              request.describe(),
              result.replayed() > 0,
              result.replayed(),
              user,
              clock.instant()),
          result.matched()
              + " matched, "
              + result.replayed()
              + " replayed, "
              + result.refusedCount()
              + " refused");
    }
    return DeadLetterReplayOutcome.of(result);
  }

  // ---- demo traffic

  public DemoTrafficOverview demoTraffic() {
    return demo.get()
        .map(d -> new DemoTrafficOverview(true, "", d.state()))
        .orElseGet(() -> DemoTrafficOverview.unavailable(demoUnavailable()));
  }

  /** Starts the demo traffic; {@code done} is false when it was already running. */
  public AdminActionResult startDemoTraffic(String user) throws ProviderUnavailableException {
    boolean started = demoProvider().start(user);
    return audited("demo.start", DEMO_TARGET, started, started ? 1 : 0, user);
  }

  /** Stops the demo traffic; {@code done} is false when it was not running. */
  public AdminActionResult stopDemoTraffic(String user) throws ProviderUnavailableException {
    boolean stopped = demoProvider().stop(user);
    return audited("demo.stop", DEMO_TARGET, stopped, stopped ? 1 : 0, user);
  }

  // ---- internals

  /** Every operator action ends here: written to the audit trail, and returned as its result. */
  private AdminActionResult audited(
      String action, String target, boolean done, int count, String user) {
    return audit.record(
        new AdminActionResult(action, target, done, count, user, clock.instant()), "");
  }

  private void auditFailure(
      String action, String target, String outcome, String detail, String user) {
    audit.record(new AuditEntry(clock.instant(), user, action, target, outcome, 0, detail));
  }

  // ---- audit trail

  /**
   * The audit entries a query selects, newest first (blank criteria are absent).
   *
   * @throws InvalidRequestException for an unreadable time, from after to, an unknown outcome or a
   *     limit outside 1 to 1000
   * @throws ProviderUnavailableException when the audit trail cannot be read
   */
  public List<AuditEntry> auditEntries(
      String user, String action, String target, String outcome, String from, String to, int limit)
      throws InvalidRequestException, ProviderUnavailableException {
    AuditQuery q = AuditQuery.parse(user, action, target, outcome, from, to, limit);
    try {
      return audit.find(q);
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "Reading the audit trail failed", e);
      throw new ProviderUnavailableException("The audit trail cannot be read: " + e);
    }
  }

  private DemoControl demoProvider() throws ProviderUnavailableException {
    return demo.get().orElseThrow(() -> new ProviderUnavailableException(demoUnavailable()));
  }

  /** Demo traffic publishes into this server's own ingestion, so it needs that stage here. */
  private String demoUnavailable() {
    return unavailable(Stage.INGESTION, "demo traffic");
  }

  private ArchiveControl archiveProvider() throws ProviderUnavailableException {
    return archive
        .get()
        .orElseThrow(() -> new ProviderUnavailableException(unavailable(Stage.ARCHIVE, "archive")));
  }

  private String unavailable(Stage stage, String what) {
    return enabled.isEnabled(stage)
        ? "The " + what + " provider of the " + stage.configName() + " stage is not running."
        : "The " + stage.configName() + " stage is off in this server (dataflow.stages).";
  }

  /** The four pipeline stages in data-flow order, then any other stage that keeps counters. */
  List<String> stageNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Stage s : Stage.values()) {
      names.add(s.configName());
    }
    metrics.all().stream().map(StageMetrics::stage).sorted().forEach(names::add);
    return List.copyOf(names);
  }

  private boolean isEnabled(String name) {
    for (Stage s : Stage.values()) {
      if (s.configName().equals(name)) {
        return enabled.isEnabled(s);
      }
    }
    return true; // a counter set that is not a pipeline stage (a subscription) exists because it
    // runs
  }

  private StageOverview.Rate rate(String stage, String counter) {
    String name = counterName(stage, counter);
    return new StageOverview.Rate(
        history.rate(name, Duration.ofMinutes(1)), history.rate(name, Duration.ofMinutes(5)));
  }

  Map<String, Long> counters() {
    Map<String, Long> c = new LinkedHashMap<>();
    for (StageMetrics m : metrics.all()) {
      c.put(counterName(m.stage(), "received"), m.receivedCount());
      c.put(counterName(m.stage(), "published"), m.publishedCount());
      c.put(counterName(m.stage(), "acked"), m.ackedCount());
      c.put(counterName(m.stage(), "deadLettered"), m.deadLetteredCount());
    }
    try {
      cache
          .get()
          .ifPresent(
              a ->
                  a.tiers()
                      .forEach(
                          t -> {
                            c.put(cacheCounter(t.tier(), "answered"), t.hits() + t.negativeHits());
                            c.put(
                                cacheCounter(t.tier(), "lookups"),
                                t.hits() + t.negativeHits() + t.misses());
                          }));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cache figures unavailable for this sample", e);
    }
    return c;
  }

  private void refreshHealth() {
    try {
      health = StageHealth.of(stageNames(), healthChecks.get());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Reading health checks for the console failed", e);
    }
  }

  static String counterName(String stage, String counter) {
    return "stage." + stage + "." + counter;
  }

  static String cacheCounter(String tier, String counter) {
    return "cache." + tier + "." + counter;
  }

  private static <T> Optional<T> first(Instance<T> instance) {
    return instance.isUnsatisfied() ? Optional.empty() : instance.stream().findFirst();
  }

  private static List<HealthCheckResponse> callAll(Instance<HealthCheck> checks) {
    List<HealthCheckResponse> responses = new ArrayList<>();
    for (HealthCheck c : checks) {
      try {
        responses.add(c.call());
      } catch (RuntimeException e) {
        responses.add(
            new HealthCheckResponse(
                c.getClass().getSimpleName(), HealthCheckResponse.Status.DOWN, Optional.empty()));
      }
    }
    return responses;
  }
}
