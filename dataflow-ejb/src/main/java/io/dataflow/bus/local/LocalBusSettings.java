package io.dataflow.bus.local;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/**
 * Channel attributes of connector {@code dataflow-local}, set as {@code
 * mp.messaging.incoming.CHANNEL.ATTRIBUTE} (or {@code outgoing}). The shared {@code stage}
 * attribute is in {@link io.dataflow.bus.BusSettings}.
 */
public final class LocalBusSettings implements SettingsHolder {
  public static final Setting<String> TOPIC =
      Setting.optionalString(
          "topic", "Local topic the channel reads or writes; defaults to the channel name.");
  public static final Setting<String> SUBSCRIPTION =
      Setting.optionalString(
          "subscription",
          "Incoming: the subscription name; defaults to the channel name. Each subscription gets every message.");
  public static final Setting<Integer> CAPACITY =
      Setting.integer(
          "capacity",
          10_000,
          1,
          10_000_000,
          "Incoming: messages a subscription queues before publishers block.");
  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.integer(
          "max-in-flight",
          2_000,
          1,
          1_000_000,
          "Incoming: deliveries handed out but not yet acked. Keep above a sink's batch size.");
  public static final Setting<Integer> MAX_ATTEMPTS =
      Setting.integer(
          "max-attempts",
          100,
          1,
          100_000,
          "Incoming: deliveries of one message before it goes to the dead-letter topic (reason"
              + " max-attempts). A last resort: with the doubling delay, 100 attempts take about"
              + " 1.5 hours.");
  public static final Setting<java.time.Duration> REDELIVERY_DELAY =
      Setting.duration(
          "redelivery-delay",
          "500ms",
          "Incoming: delay before a nacked message is redelivered; doubles per attempt, up to 1 minute.");
  public static final Setting<String> DEAD_LETTER_TOPIC =
      Setting.string(
          "dead-letter-topic",
          "dead-letter",
          "Incoming: topic that receives messages after max-attempts.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public LocalBusSettings() {}
}
