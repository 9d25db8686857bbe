package io.dataflow.demo;

import java.time.Instant;

/**
 * The demo traffic as an operator controls it, where the ingestion stage runs: its state, start and
 * stop. The admin facade reads it and assembles its own views.
 */
public interface DemoControl {
  State state();

  /** Starts publishing; false when it already runs. */
  boolean start(String requestedBy);

  /** Stops publishing; false when it was not running. */
  boolean stop(String requestedBy);

  /**
   * The demo traffic now, or as its last run ended.
   *
   * @param running whether it publishes now
   * @param connected whether its MQTT client is connected
   * @param brokerUrl the broker it publishes to, empty before the first start
   * @param ratePerSecond messages per second (the configured rate before the first start)
   * @param fleet which devices it simulates, e.g. {@code 50 registered devices (devices.json) and 5
   *     unknown}
   * @param published messages of the run that the broker acknowledged
   * @param skipped messages of the run not published (not connected, or too many unacknowledged)
   * @param startedAt when the run started, or null before the first start
   * @param startedBy who started it, or {@code dataflow.demo.enabled} at boot
   * @param lastError the last connection or publish error, or empty
   */
  record State(
      boolean running,
      boolean connected,
      String brokerUrl,
      int ratePerSecond,
      String fleet,
      long published,
      long skipped,
      Instant startedAt,
      String startedBy,
      String lastError) {}
}
