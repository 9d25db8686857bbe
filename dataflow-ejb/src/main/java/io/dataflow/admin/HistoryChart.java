package io.dataflow.admin;

import java.util.List;

/**
 * Time series for a console chart, in columns: one list of times shared by every series, and one
 * list of values per series (null where a series has no value at that time).
 *
 * @param stepSeconds the width of each step
 * @param times the end of each step, epoch seconds, oldest first
 * @param series the series, each as long as {@code times}
 */
public record HistoryChart(int stepSeconds, List<Long> times, List<Series> series) {

  /**
   * One line of the chart.
   *
   * @param name what it measures, e.g. {@code enrich} or {@code l1-caffeine}
   * @param values one value per time (a rate per second or a ratio), or null
   */
  public record Series(String name, List<Double> values) {}
}
