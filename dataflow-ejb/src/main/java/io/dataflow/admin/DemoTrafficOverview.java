package io.dataflow.admin;

import io.dataflow.demo.DemoControl;

/**
 * The demo traffic as the console shows it.
 *
 * @param available false when it cannot run in this server (the ingestion stage is off)
 * @param note why it is unavailable, or empty
 * @param state what it does now, or did in its last run; not running when unavailable
 */
public record DemoTrafficOverview(boolean available, String note, DemoControl.State state) {

  static DemoTrafficOverview unavailable(String note) {
    return new DemoTrafficOverview(
        false, note, new DemoControl.State(false, false, "", 0, "", 0, 0, null, "", ""));
  }
}
