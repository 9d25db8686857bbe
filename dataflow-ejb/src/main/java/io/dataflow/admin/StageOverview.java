package io.dataflow.admin;

/**
 * One stage as the console shows it.
 *
 * @param stage the stage name ({@code ingestion}, {@code enrich}, ...)
 * @param enabled whether this server runs the stage
 * @param health {@code UP}, {@code DOWN}, {@code UNKNOWN} (no health check reports on it) or {@code
 *     OFF}
 * @param counters the stage's counters since start
 * @param rates rates per second over the last 1 and 5 minutes
 */
public record StageOverview(
    String stage, boolean enabled, String health, Counters counters, Rates rates) {

  /** Messages since start. In-flight: received and not yet acked or nacked. */
  public record Counters(
      long received, long published, long acked, long nacked, long deadLettered, long inFlight) {}

  /** Per-second rates of the stage's counters. */
  public record Rates(Rate received, Rate published, Rate acked, Rate deadLettered) {}

  /**
   * A rate per second.
   *
   * @param lastMinute mean over the last minute
   * @param last5Minutes mean over the last five minutes
   */
  public record Rate(double lastMinute, double last5Minutes) {}
}
