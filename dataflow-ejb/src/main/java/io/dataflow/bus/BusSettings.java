package io.dataflow.bus;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/**
 * Channel attributes that every bus connector understands ({@code dataflow-local}, {@code
 * dataflow-pubsub}), set as {@code mp.messaging.incoming.CHANNEL.ATTRIBUTE}.
 */
public final class BusSettings implements SettingsHolder {
  public static final Setting<String> STAGE =
      Setting.optionalString(
          "stage",
          "Incoming: the stage (or comma-separated stages) that consumes the channel. When none of"
              + " them is on in this server the channel does not subscribe.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public BusSettings() {}
}
