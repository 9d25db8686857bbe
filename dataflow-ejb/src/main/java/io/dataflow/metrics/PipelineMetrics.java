package io.dataflow.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application's metrics, registered from the definitions of {@link MetricCatalog} (a
 * registration with other labels than its definition declares fails), and the registry of stage
 * counters: {@code dataflow_stage_messages_total{stage,outcome}}, {@code
 * dataflow_stage_in_flight{stage}}, {@code dataflow_stage_processing_duration_seconds{stage}} and
 * {@code dataflow_dead_letters_total{stage,reason}}. Without a registry ({@link #unregistered()})
 * counts are kept and nothing is published.
 */
@ApplicationScoped
public class PipelineMetrics {
  /** Distinct dead-letter reasons counted per stage; later ones count as {@code other}. */
  static final int MAX_REASONS_PER_STAGE = 32;

  private final ConcurrentMap<String, StageMetrics> stages = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Count> deadLetters = new ConcurrentHashMap<>();
  private MetricRegistry registry;

  protected PipelineMetrics() {}

  @Inject
  public PipelineMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  /** Counters that are not published anywhere, for tests and tools. */
  public static PipelineMetrics unregistered() {
    return new PipelineMetrics();
  }

  /** The counters of a stage, created (and registered) on first use. */
  public StageMetrics stage(String name) {
    return stages.computeIfAbsent(name, this::create);
  }

  public Collection<StageMetrics> all() {
    return List.copyOf(stages.values());
  }

  /** Counts a dead letter of {@code stage} with {@code reason} (bounded per stage). */
  public void deadLettered(String stage, String reason) {
    String r = reason == null || reason.isBlank() ? "unknown" : reason;
    String key = stage + '\n' + r;
    Count c = deadLetters.get(key);
    if (c == null) {
      synchronized (deadLetters) {
        c = deadLetters.get(key);
        if (c == null) {
          long ofStage =
              deadLetters.keySet().stream().filter(k -> k.startsWith(stage + '\n')).count();
          String bounded = ofStage >= MAX_REASONS_PER_STAGE ? "other" : r;
          c =
              deadLetters.computeIfAbsent(
                  stage + '\n' + bounded,
                  k ->
                      count(
                          MetricCatalog.DEAD_LETTERS, tag("stage", stage), tag("reason", bounded)));
        }
      }
    }
    c.inc();
    stage(stage).deadLettered();
  }

  /** Dead letters counted for {@code stage} and {@code reason} (tests, console). */
  public long deadLetters(String stage, String reason) {
    Count c = deadLetters.get(stage + '\n' + reason);
    return c == null ? 0 : c.get();
  }

  public static Tag tag(String name, String value) {
    return new Tag(name, value);
  }

  /**
   * A count bound to the counter {@code def} with {@code tags}, or a local one without registry.
   */
  public Count count(MetricDef def, Tag... tags) {
    Count c = new Count();
    bind(c, def, tags);
    return c;
  }

  /** Binds {@code count} to the counter {@code def} with {@code tags} (no-op without registry). */
  public void bind(Count count, MetricDef def, Tag... tags) {
    Counter c = counter(def, tags);
    if (c != null) {
      count.bind(c);
    }
  }

  /** The registered counter, or null without a registry. */
  public Counter counter(MetricDef def, Tag... tags) {
    require(def, MetricDef.Type.COUNTER);
    def.check(tags);
    return registry == null ? null : registry.counter(metadata(def), tags);
  }

  /** Registers a gauge (a level, never a count), if a registry is present. */
  public void gauge(MetricDef def, Supplier<? extends Number> value, Tag... tags) {
    require(def, MetricDef.Type.GAUGE);
    def.check(tags);
    if (registry != null) {
      registry.gauge(metadata(def), value, tags);
    }
  }

  /** A timer in seconds; one that records nowhere without a registry. */
  public Durations timer(MetricDef def, Tag... tags) {
    require(def, MetricDef.Type.TIMER);
    def.check(tags);
    Timer t = registry == null ? null : registry.timer(metadata(def), tags);
    return t == null ? Durations.NONE : t::update;
  }

  /** A histogram, or null without a registry. */
  public Histogram histogram(MetricDef def, Tag... tags) {
    require(def, MetricDef.Type.HISTOGRAM);
    def.check(tags);
    return registry == null ? null : registry.histogram(metadata(def), tags);
  }

  private static void require(MetricDef def, MetricDef.Type type) {
    if (def.type() != type) {
      throw new IllegalArgumentException(def.name() + " is a " + def.type() + ", not a " + type);
    }
  }

  private static Metadata metadata(MetricDef def) {
    return Metadata.builder()
        .withName(def.name())
        .withDescription(def.description())
        .withUnit(def.unit())
        .build();
  }

  /** Where durations go: a timer, or nowhere. */
  @FunctionalInterface
  public interface Durations {
    Durations NONE = d -> {};

    void record(Duration duration);

    default void recordNanos(long nanos) {
      record(Duration.ofNanos(nanos));
    }
  }

  private StageMetrics create(String name) {
    Tag stage = tag("stage", name);
    StageMetrics m = new StageMetrics(name, timer(MetricCatalog.STAGE_PROCESSING, stage));
    for (StageMetrics.Outcome o : StageMetrics.Outcome.values()) {
      bind(m.count(o), MetricCatalog.STAGE_MESSAGES, stage, tag("outcome", o.label()));
    }
    gauge(MetricCatalog.STAGE_IN_FLIGHT, m::inFlight, stage);
    return m;
  }
}
