package io.dataflow.config;

import java.time.Duration;

/** Settings of the graceful shutdown. */
public final class ShutdownSettings implements SettingsHolder {
  public static final Setting<Duration> DRAIN_TIMEOUT =
      Setting.duration(
          "dataflow.shutdown.drain-timeout",
          "30s",
          "On shutdown, how long to wait for messages already taken from MQTT to pass through the in-JVM bus"
              + " into the sinks before the sinks write their pending batches.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public ShutdownSettings() {}
}
