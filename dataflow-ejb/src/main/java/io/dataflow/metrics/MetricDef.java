package io.dataflow.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * One metric of {@link MetricCatalog}: its MicroProfile name (dotted), type, unit, label names and
 * description. Registration goes through {@link PipelineMetrics} with a definition, which refuses
 * tags other than the declared labels, so the served metrics and {@code docs/metrics.md} (rendered
 * from the same definitions) cannot drift apart.
 *
 * @param name the MicroProfile name, e.g. {@code dataflow.stage.messages}
 * @param type counter, gauge, timer (seconds) or histogram
 * @param unit a {@link MetricUnits} constant
 * @param labels the tag names every registration carries, in order
 * @param description the HELP text
 * @param served when it is served: {@code always} or the condition (e.g. Pub/Sub bus only)
 */
public record MetricDef(
    String name, Type type, String unit, List<String> labels, String description, String served) {
  public static final String ALWAYS = "always";

  /** How a definition is registered and what Prometheus type it is served as. */
  public enum Type {
    COUNTER("counter"),
    GAUGE("gauge"),
    /** A MicroProfile timer, served in seconds as a histogram with quantiles. */
    TIMER("histogram"),
    HISTOGRAM("histogram");

    private final String prometheus;

    Type(String prometheus) {
      this.prometheus = prometheus;
    }

    public String prometheus() {
      return prometheus;
    }
  }

  public MetricDef {
    labels = List.copyOf(labels);
  }

  static MetricDef counter(String name, String description, String... labels) {
    return new MetricDef(
        name, Type.COUNTER, MetricUnits.NONE, List.of(labels), description, ALWAYS);
  }

  static MetricDef gauge(String name, String unit, String description, String... labels) {
    return new MetricDef(name, Type.GAUGE, unit, List.of(labels), description, ALWAYS);
  }

  static MetricDef timer(String name, String description, String... labels) {
    return new MetricDef(
        name, Type.TIMER, MetricUnits.SECONDS, List.of(labels), description, ALWAYS);
  }

  static MetricDef histogram(String name, String description, String... labels) {
    return new MetricDef(
        name, Type.HISTOGRAM, MetricUnits.NONE, List.of(labels), description, ALWAYS);
  }

  MetricDef servedWhen(String condition) {
    return new MetricDef(name, type, unit, labels, description, condition);
  }

  /** The family name on /metrics (Prometheus text), before the histogram's sample suffixes. */
  public String prometheusName() {
    String base = name.replace('.', '_');
    String suffix =
        switch (unit) {
          case MetricUnits.SECONDS -> "_seconds";
          case MetricUnits.BYTES -> "_bytes";
          default -> "";
        };
    if (!suffix.isEmpty() && !base.endsWith(suffix)) {
      base += suffix;
    }
    return type == Type.COUNTER ? base + "_total" : base;
  }

  /** The sample names of the family: a histogram has _bucket, _count, _sum and _max too. */
  public List<String> sampleNames() {
    String p = prometheusName();
    return type.prometheus().equals("histogram")
        ? List.of(p, p + "_bucket", p + "_count", p + "_sum", p + "_max")
        : List.of(p);
  }

  /** Checks that {@code tags} are exactly the declared labels. */
  Tag[] check(Tag... tags) {
    Set<String> given = new TreeSet<>();
    Arrays.stream(tags).forEach(t -> given.add(t.getTagName()));
    if (!given.equals(new TreeSet<>(labels)) || given.size() != tags.length) {
      throw new IllegalArgumentException(
          name + " is declared with labels " + labels + ", registered with " + given);
    }
    return tags;
  }
}
