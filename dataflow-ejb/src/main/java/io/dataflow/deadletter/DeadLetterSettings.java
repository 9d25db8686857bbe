package io.dataflow.deadletter;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the local dead-letter store. */
public final class DeadLetterSettings implements SettingsHolder {
  public static final Setting<Integer> RECENT_KEPT =
      Setting.integer(
          "dataflow.deadletter.recent-kept",
          1000,
          1,
          100_000,
          "Dead letters kept in memory for the admin console (all are kept on disk).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public DeadLetterSettings() {}
}
