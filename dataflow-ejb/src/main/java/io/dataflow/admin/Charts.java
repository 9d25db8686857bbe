package io.dataflow.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/** Turns per-series steps into the column form of {@link HistoryChart}. */
final class Charts {
  private Charts() {}

  /**
   * @param steps each series' steps, in the order the series are shown
   * @param value a step's value in its series, or null for a gap
   */
  static HistoryChart columns(
      Duration step,
      Map<String, List<ThroughputHistory.Step>> steps,
      BiFunction<String, ThroughputHistory.Step, Double> value) {
    TreeSet<Instant> times = new TreeSet<>();
    steps.values().forEach(list -> list.forEach(s -> times.add(s.at())));
    List<HistoryChart.Series> series = new ArrayList<>();
    steps.forEach(
        (name, list) -> {
          Map<Instant, Double> byTime = new HashMap<>();
          list.forEach(s -> byTime.put(s.at(), value.apply(name, s)));
          List<Double> values = new ArrayList<>(times.size());
          times.forEach(t -> values.add(byTime.get(t)));
          series.add(new HistoryChart.Series(name, values));
        });
    return new HistoryChart(
        (int) step.toSeconds(),
        times.stream().map(Instant::getEpochSecond).toList(),
        List.copyOf(series));
  }
}
