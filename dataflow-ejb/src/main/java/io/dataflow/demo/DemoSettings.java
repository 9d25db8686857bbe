package io.dataflow.demo;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the demo traffic. */
public final class DemoSettings implements SettingsHolder {
  public static final Setting<Boolean> ENABLED =
      Setting.bool(
          "dataflow.demo.enabled",
          false,
          "Start the demo traffic when the server starts: a simulated fleet of the devices in"
              + " dataflow.devices-file (plus a few unknown devices and bad payloads) publishing"
              + " telemetry to this server's MQTT broker. Ignored where the ingestion stage does not"
              + " run. An administrator can also start and stop it on the console dashboard.");

  public static final Setting<Integer> RATE =
      Setting.integer(
          "dataflow.demo.rate", 20, 1, 1_000, "Messages per second the demo traffic publishes.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public DemoSettings() {}
}
