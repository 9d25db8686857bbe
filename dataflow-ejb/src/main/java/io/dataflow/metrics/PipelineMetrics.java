package io.dataflow.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The registry of stage counters. Each stage's counters are published as {@code
 * dataflow_stage_messages{stage=..,outcome=received|published|acked|nacked|dead_lettered}} and
 * {@code dataflow_stage_in_flight{stage=..}}. They are monotonic counts published as gauges,
 * because MicroProfile Metrics 5 cannot register counters whose value lives elsewhere.
 */
@ApplicationScoped
public class PipelineMetrics {
  private final ConcurrentMap<String, StageMetrics> stages = new ConcurrentHashMap<>();
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

  /** Registers a gauge, if a registry is present. For components with their own figures. */
  public void gauge(
      String name, String description, String unit, Supplier<? extends Number> value, Tag... tags) {
    if (registry != null) {
      registry.gauge(
          Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
          value,
          tags);
    }
  }

  private StageMetrics create(String name) {
    StageMetrics m = new StageMetrics(name);
    Tag stage = new Tag("stage", name);
    String messages = "dataflow.stage.messages";
    String description = "Messages a stage has handled, by outcome (monotonic)";
    gauge(
        messages,
        description,
        MetricUnits.NONE,
        m::receivedCount,
        stage,
        new Tag("outcome", "received"));
    gauge(
        messages,
        description,
        MetricUnits.NONE,
        m::publishedCount,
        stage,
        new Tag("outcome", "published"));
    gauge(
        messages, description, MetricUnits.NONE, m::ackedCount, stage, new Tag("outcome", "acked"));
    gauge(
        messages,
        description,
        MetricUnits.NONE,
        m::nackedCount,
        stage,
        new Tag("outcome", "nacked"));
    gauge(
        messages,
        description,
        MetricUnits.NONE,
        m::deadLetteredCount,
        stage,
        new Tag("outcome", "dead_lettered"));
    gauge(
        "dataflow.stage.in.flight",
        "Messages received by a stage and not yet acked or nacked",
        MetricUnits.NONE,
        m::inFlight,
        stage);
    return m;
  }
}
