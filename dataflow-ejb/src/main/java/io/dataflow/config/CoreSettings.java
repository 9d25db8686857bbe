package io.dataflow.config;

import java.util.List;

/** Settings that every server reads: which stages run, which bus, where local data lives. */
public final class CoreSettings implements SettingsHolder {
  public static final Setting<String> STAGES =
      Setting.string(
          "dataflow.stages",
          "all",
          "Stages this server runs: all, or a comma-separated list of " + Stage.allNames() + ".");

  public static final Setting<String> BUS =
      Setting.oneOf(
          "dataflow.bus",
          "local",
          List.of("local", "pubsub"),
          "Connector behind every bus channel: local (in-JVM topics) or pubsub (Google Cloud Pub/Sub).");

  public static final Setting<String> DATA_DIR =
      Setting.string(
          "dataflow.data-dir",
          "data",
          "Directory for local data (dead letters, embedded SQL store, archive, device file copies)."
              + " Relative paths resolve against the server's output directory.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public CoreSettings() {}
}
