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
          "Dead letters kept in memory for the admin console; at start-up they are read from the"
              + " end of the files on disk.");
  public static final Setting<Long> MAX_FILE_BYTES =
      Setting.longValue(
          "dataflow.deadletter.max-file-bytes",
          64L * 1024 * 1024,
          64L * 1024,
          1L << 40,
          "Size at which dead-letters.jsonl is rotated to dead-letters-<n>.jsonl (n counts up).");
  public static final Setting<Integer> MAX_FILES =
      Setting.integer(
          "dataflow.deadletter.max-files",
          10,
          1,
          10_000,
          "Rotated dead-letter files kept besides the current one; the oldest beyond are deleted.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public DeadLetterSettings() {}
}
