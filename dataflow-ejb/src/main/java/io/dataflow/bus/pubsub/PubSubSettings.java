package io.dataflow.bus.pubsub;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;

/**
 * Configuration of connector {@code dataflow-pubsub}. The {@code dataflow.pubsub.*} keys are
 * server-wide defaults; the others are channel attributes, set as {@code
 * mp.messaging.incoming.CHANNEL.ATTRIBUTE} (or {@code outgoing}), and a channel attribute wins over
 * the server-wide key. Read through {@link PubSubChannelOptions}.
 */
public final class PubSubSettings implements SettingsHolder {
  // --- server-wide keys
  public static final Setting<String> GLOBAL_PROJECT_ID =
      Setting.optionalString(
          "dataflow.pubsub.project-id",
          "Google Cloud project of the Pub/Sub topics and subscriptions. When empty, the standard"
              + " GOOGLE_CLOUD_PROJECT variable is used; start-up fails when both are empty.");
  public static final Setting<String> GLOBAL_EMULATOR_HOST =
      Setting.optionalString(
          "dataflow.pubsub.emulator-host",
          "host:port of a Pub/Sub emulator (plaintext, no credentials). When empty, the standard"
              + " PUBSUB_EMULATOR_HOST variable is honoured; when that is empty too, Application"
              + " Default Credentials against the real service are used.");
  public static final Setting<Boolean> GLOBAL_CREATE_TOPICS =
      Setting.bool(
          "dataflow.pubsub.create-topics",
          false,
          "Create missing topics and subscriptions at start-up (dev and test setups). Off in"
              + " production, where they are provisioned beforehand and the service account needs"
              + " no admin rights.");

  // --- channel attributes: both directions
  public static final Setting<String> PROJECT_ID =
      Setting.optionalString(
          "project-id", "The channel's project; defaults to dataflow.pubsub.project-id.");
  public static final Setting<String> EMULATOR_HOST =
      Setting.optionalString(
          "emulator-host",
          "The channel's emulator host; defaults to dataflow.pubsub.emulator-host.");
  public static final Setting<Boolean> CREATE_TOPICS =
      Setting.bool(
          "create-topics",
          false,
          "Create the channel's topic (and subscription) when missing; defaults to"
              + " dataflow.pubsub.create-topics.");
  public static final Setting<String> TOPIC =
      Setting.optionalString(
          "topic", "Pub/Sub topic id the channel writes or reads; defaults to the channel name.");
  public static final Setting<Duration> STARTUP_TIMEOUT =
      Setting.duration(
          "startup-timeout",
          "10s",
          Duration.ofMillis(100),
          Duration.ofMinutes(5),
          "Longest wait for each start-up call (topic and subscription get/create, subscriber start),"
              + " so that a deployment never stalls on an unreachable Pub/Sub.");
  public static final Setting<Boolean> ORDERING_BY_DEVICE =
      Setting.bool(
          "ordering-by-device",
          false,
          "Outgoing: publish with ordering key = device id. Incoming: create the subscription with"
              + " message ordering. Ordering needs a regional endpoint on real Pub/Sub.");

  // --- outgoing
  public static final Setting<Long> BATCH_MAX_MESSAGES =
      Setting.longValue(
          "batch-max-messages",
          100,
          1,
          1_000,
          "Outgoing: messages per publish request (Pub/Sub allows at most 1,000).");
  public static final Setting<Long> BATCH_MAX_BYTES =
      Setting.longValue(
          "batch-max-bytes",
          1_000_000,
          1_000,
          10_000_000,
          "Outgoing: bytes per publish request (Pub/Sub allows at most 10 MB).");
  public static final Setting<Duration> BATCH_DELAY =
      Setting.duration(
          "batch-delay",
          "10ms",
          Duration.ofMillis(1),
          Duration.ofSeconds(10),
          "Outgoing: longest wait for a publish batch to fill.");
  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.integer(
          "max-in-flight",
          1_000,
          1,
          100_000,
          "Outgoing: publishes awaiting Pub/Sub's answer; upstream gets no more demand until one"
              + " completes (backpressure).");

  // --- incoming
  public static final Setting<String> SUBSCRIPTION =
      Setting.optionalString(
          "subscription", "Incoming: Pub/Sub subscription id; defaults to the channel name.");
  public static final Setting<Long> MAX_OUTSTANDING_MESSAGES =
      Setting.longValue(
          "max-outstanding-messages",
          1_000,
          1,
          1_000_000,
          "Incoming: flow control, messages received and not yet acked or nacked. Keep it above a"
              + " sink's batch size, or batches fill only by age.");
  public static final Setting<Long> MAX_OUTSTANDING_BYTES =
      Setting.longValue(
          "max-outstanding-bytes",
          100_000_000,
          1_000,
          10_000_000_000L,
          "Incoming: flow control, bytes received and not yet acked or nacked.");
  public static final Setting<Duration> MAX_ACK_EXTENSION_PERIOD =
      Setting.duration(
          "max-ack-extension-period",
          "60m",
          Duration.ofSeconds(10),
          Duration.ofDays(1),
          "Incoming: how long the client keeps extending the ack deadline of a message that waits"
              + " unacked (for example in a sink batch). After that Pub/Sub redelivers it. Keep it"
              + " above the longest batch age plus write time.");
  public static final Setting<Duration> MAX_DURATION_PER_ACK_EXTENSION =
      Setting.duration(
          "max-duration-per-ack-extension",
          "60s",
          "Incoming: longest single ack-deadline extension (10s to 600s; 0s = the client's"
              + " adaptive choice, up to 10 minutes). Bounds how long the outstanding messages of a"
              + " server that died stay invisible before Pub/Sub redelivers them.");
  public static final Setting<Integer> PARALLEL_PULL_COUNT =
      Setting.integer(
          "parallel-pull-count", 1, 1, 64, "Incoming: streaming-pull connections per channel.");
  public static final Setting<String> DEAD_LETTER_TOPIC =
      Setting.optionalString(
          "dead-letter-topic",
          "Incoming, used only when create-topics creates the subscription: topic of its"
              + " dead-letter policy (e.g. dead-letter).");
  public static final Setting<Integer> MAX_DELIVERY_ATTEMPTS =
      Setting.integer(
          "max-delivery-attempts",
          5,
          5,
          100,
          "Incoming, used only when create-topics creates the subscription with a dead-letter"
              + " topic: deliveries before Pub/Sub forwards a message there (Pub/Sub allows 5-100)."
              + " Every nack counts, including those of a server shutting down.");

  public static final Setting<Duration> MIN_RETRY_DELAY =
      Setting.duration(
          "min-retry-delay",
          "10s",
          Duration.ZERO,
          Duration.ofSeconds(600),
          "Incoming, used only when create-topics creates the subscription: shortest delay of its"
              + " retry policy before a nacked or expired message is redelivered (Pub/Sub allows"
              + " 0s-600s; the delay grows exponentially from here to max-retry-delay).");
  public static final Setting<Duration> MAX_RETRY_DELAY =
      Setting.duration(
          "max-retry-delay",
          "600s",
          Duration.ZERO,
          Duration.ofSeconds(600),
          "Incoming, used only when create-topics creates the subscription: longest delay of its"
              + " retry policy (Pub/Sub allows 0s-600s; not below min-retry-delay).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public PubSubSettings() {}
}
