package io.dataflow.health;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;

/** Settings of the liveness check ({@link PipelineLivenessCheck}). */
public final class HealthSettings implements SettingsHolder {
  public static final Setting<Duration> STALL_TIMEOUT =
      Setting.duration(
          "dataflow.health.stall-timeout",
          "5m",
          Duration.ofSeconds(10),
          Duration.ofDays(1),
          "How long a pipeline worker (journal flusher, batch sealer, write pool, enrich, MQTT"
              + " intake, dead-letter recorder) may make no progress while it has work pending"
              + " before /health/live goes DOWN and the pod is restarted. A sink retrying through"
              + " an outage makes progress with every attempt; keep this above the longest single"
              + " attempt (a BigQuery write with its prompt retries takes up to 2 minutes).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public HealthSettings() {}
}
