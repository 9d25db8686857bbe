package io.dataflow.ingest;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the ingestion stage. */
public final class IngestSettings implements SettingsHolder {
  public static final Setting<String> EVENT_TIME_FIELD =
      Setting.string(
          "dataflow.ingest.event-time-field",
          "ts",
          "JSON field (dotted path for nested fields) holding the event time: ISO-8601 text or epoch"
              + " milliseconds (numbers below 10^11 are read as epoch seconds). Missing: the receive time is used.");

  public static final Setting<Integer> MAX_PAYLOAD_BYTES =
      Setting.integer(
          "dataflow.ingest.max-payload-bytes",
          262_144,
          1,
          100 * 1024 * 1024,
          "Largest payload accepted; a larger one goes to the dead letter with reason oversize.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public IngestSettings() {}
}
