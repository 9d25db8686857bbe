package io.dataflow.replay;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;

/** Settings of dead-letter replay. */
public final class ReplaySettings implements SettingsHolder {
  public static final Setting<Integer> MAX_RECORDS =
      Setting.integer(
          "dataflow.deadletter.replay.max-records",
          10_000,
          1,
          1_000_000,
          "Most dead letters one replay request may select; a filter matching more is refused"
              + " (HTTP 400) and has to be narrowed. A dry run reports any count.");
  public static final Setting<Integer> MAX_IDS =
      Setting.integer(
          "dataflow.deadletter.replay.max-ids",
          1000,
          1,
          100_000,
          "Most ids one replay request may list (HTTP 400 beyond).");
  public static final Setting<String> REFUSED_REASONS =
      Setting.string(
          "dataflow.deadletter.replay.refused-reasons",
          "oversize,invalid-device-id,event-time-out-of-range,no-route,bad-envelope,archive-encode,"
              + "transform-error",
          "Comma-separated dead-letter reasons that cannot succeed again as the envelope is: a"
              + " replay refuses them with the reason. Dead letters of the ingestion stage are"
              + " always refused (its input is the MQTT broker).");
  public static final Setting<Duration> PUBLISH_TIMEOUT =
      Setting.duration(
          "dataflow.deadletter.replay.publish-timeout",
          "60s",
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          "How long a replay request waits for the bus to accept all of its envelopes; one not"
              + " accepted by then is reported as refused and not marked replayed.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public ReplaySettings() {}
}
