package io.dataflow.bus.pubsub;

import io.dataflow.config.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.spi.ConnectorFactory;

/**
 * The typed configuration of one {@code dataflow-pubsub} channel, read once from the channel's
 * attributes with the server-wide {@code dataflow.pubsub.*} keys as defaults. Invalid values fail
 * here, at start-up, with a message naming the key.
 */
record PubSubChannelOptions(
    String channel,
    String projectId,
    Optional<String> emulatorHost,
    boolean createTopics,
    String topic,
    String subscription,
    Duration startupTimeout,
    boolean orderingByDevice,
    long batchMaxMessages,
    long batchMaxBytes,
    Duration batchDelay,
    int maxInFlight,
    long maxOutstandingMessages,
    long maxOutstandingBytes,
    Duration maxAckExtensionPeriod,
    Duration maxDurationPerAckExtension,
    int parallelPullCount,
    Optional<String> deadLetterTopic,
    int maxDeliveryAttempts,
    Duration minRetryDelay,
    Duration maxRetryDelay) {

  /** The standard variable of the Google client libraries, honoured as a last default. */
  static final String STANDARD_EMULATOR_VARIABLE = "PUBSUB_EMULATOR_HOST";

  /** The standard project variable of the Google client libraries, the last project default. */
  static final String STANDARD_PROJECT_VARIABLE = "GOOGLE_CLOUD_PROJECT";

  /**
   * Reads a channel's options.
   *
   * @param channelConfig the channel's attributes, as the connector receives them
   * @param serverConfig the server's configuration, for the {@code dataflow.pubsub.*} defaults
   */
  static PubSubChannelOptions read(Config channelConfig, Config serverConfig) {
    String channel = channelConfig.getValue(ConnectorFactory.CHANNEL_NAME_ATTRIBUTE, String.class);
    Optional<String> emulatorHost =
        PubSubSettings.EMULATOR_HOST
            .readOptional(channelConfig)
            .or(() -> PubSubSettings.GLOBAL_EMULATOR_HOST.readOptional(serverConfig))
            .or(
                () ->
                    serverConfig
                        .getOptionalValue(STANDARD_EMULATOR_VARIABLE, String.class)
                        .filter(s -> !s.isBlank()));
    String project =
        PubSubSettings.PROJECT_ID
            .readOptional(channelConfig)
            .or(() -> PubSubSettings.GLOBAL_PROJECT_ID.readOptional(serverConfig))
            .or(
                () ->
                    serverConfig
                        .getOptionalValue(STANDARD_PROJECT_VARIABLE, String.class)
                        .filter(s -> !s.isBlank()))
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "No Google Cloud project for Pub/Sub channel "
                            + channel
                            + ": set "
                            + PubSubSettings.GLOBAL_PROJECT_ID.key()
                            + " (env "
                            + PubSubSettings.GLOBAL_PROJECT_ID.environmentVariable()
                            + ") or GOOGLE_CLOUD_PROJECT"));
    boolean createTopics =
        channelConfig
            .getOptionalValue(PubSubSettings.CREATE_TOPICS.key(), String.class)
            .filter(s -> !s.isBlank())
            .map(PubSubSettings.CREATE_TOPICS::parse)
            .orElseGet(() -> PubSubSettings.GLOBAL_CREATE_TOPICS.read(serverConfig));
    return new PubSubChannelOptions(
        channel,
        project,
        emulatorHost,
        createTopics,
        PubSubSettings.TOPIC.readOptional(channelConfig).orElse(channel),
        PubSubSettings.SUBSCRIPTION.readOptional(channelConfig).orElse(channel),
        PubSubSettings.STARTUP_TIMEOUT.read(channelConfig),
        PubSubSettings.ORDERING_BY_DEVICE.read(channelConfig),
        PubSubSettings.BATCH_MAX_MESSAGES.read(channelConfig),
        PubSubSettings.BATCH_MAX_BYTES.read(channelConfig),
        PubSubSettings.BATCH_DELAY.read(channelConfig),
        PubSubSettings.MAX_IN_FLIGHT.read(channelConfig),
        PubSubSettings.MAX_OUTSTANDING_MESSAGES.read(channelConfig),
        PubSubSettings.MAX_OUTSTANDING_BYTES.read(channelConfig),
        PubSubSettings.MAX_ACK_EXTENSION_PERIOD.read(channelConfig),
        perExtension(channelConfig),
        PubSubSettings.PARALLEL_PULL_COUNT.read(channelConfig),
        PubSubSettings.DEAD_LETTER_TOPIC.readOptional(channelConfig),
        PubSubSettings.MAX_DELIVERY_ATTEMPTS.read(channelConfig),
        PubSubSettings.MIN_RETRY_DELAY.read(channelConfig),
        maxRetryDelay(channelConfig));
  }

  String topicPath() {
    return "projects/" + projectId + "/topics/" + topic;
  }

  String subscriptionPath() {
    return "projects/" + projectId + "/subscriptions/" + subscription;
  }

  Optional<String> deadLetterTopicPath() {
    return deadLetterTopic.map(t -> "projects/" + projectId + "/topics/" + t);
  }

  /** As Pub/Sub requires, not below the minimum delay. */
  private static Duration maxRetryDelay(Config config) {
    Duration min = PubSubSettings.MIN_RETRY_DELAY.read(config);
    Duration max = PubSubSettings.MAX_RETRY_DELAY.read(config);
    if (max.compareTo(min) < 0) {
      throw PubSubSettings.MAX_RETRY_DELAY.invalid(
          max, "expected at least " + PubSubSettings.MIN_RETRY_DELAY.key() + " (" + min + ")");
    }
    return max;
  }

  /** Zero (the client's default) or, as Pub/Sub allows, from 10 s to 600 s. */
  private static Duration perExtension(Config config) {
    Duration value = PubSubSettings.MAX_DURATION_PER_ACK_EXTENSION.read(config);
    if (!value.isZero()
        && (value.compareTo(Duration.ofSeconds(10)) < 0
            || value.compareTo(Duration.ofSeconds(600)) > 0)) {
      throw PubSubSettings.MAX_DURATION_PER_ACK_EXTENSION.invalid(
          value, "expected 0 or a duration from 10s to 600s");
    }
    return value;
  }
}
