package io.dataflow.admin;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the persistent audit trail ({@code <data-dir>/audit}). */
public final class AuditSettings implements SettingsHolder {
  public static final Setting<Long> MAX_FILE_BYTES =
      Setting.longValue(
          "dataflow.audit.max-file-bytes",
          16L * 1024 * 1024,
          64L * 1024,
          1L << 40,
          "Size at which <data-dir>/audit/audit.jsonl is renamed to audit-<n>.jsonl (n counts up)"
              + " and a new file started. The server never deletes audit files.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public AuditSettings() {}
}
