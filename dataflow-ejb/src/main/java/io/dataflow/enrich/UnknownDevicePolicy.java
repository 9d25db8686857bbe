package io.dataflow.enrich;

import java.util.Locale;

/** What happens to an envelope whose device is not registered ({@code unknown-device}). */
public enum UnknownDevicePolicy {
  /** Goes on unenriched, with attribute {@code enrichment.status=unknown-device}. */
  PASS_THROUGH,
  /** Goes to the dead letter with reason {@code unknown-device}. */
  DEAD_LETTER;

  /** Parses {@code pass-through} or {@code dead-letter} (validated by the setting). */
  public static UnknownDevicePolicy of(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
