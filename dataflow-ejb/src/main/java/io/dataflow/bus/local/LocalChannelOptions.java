package io.dataflow.bus.local;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * The attributes of one local-bus channel ({@link LocalBusSettings}), read once when the connector
 * builds the channel.
 *
 * @param channel the channel name
 * @param topic the topic it reads or writes
 * @param subscription incoming: the subscription name
 * @param capacity incoming: messages queued before publishers block
 * @param maxInFlight incoming: deliveries handed out and not yet acked
 * @param maxAttempts incoming: deliveries of one message before it is dead-lettered
 * @param redeliveryDelay incoming: delay before a nacked message is redelivered, per attempt
 * @param deadLetterTopic incoming: where a message goes after {@code maxAttempts}
 */
record LocalChannelOptions(
    String channel,
    String topic,
    String subscription,
    int capacity,
    int maxInFlight,
    int maxAttempts,
    Duration redeliveryDelay,
    String deadLetterTopic) {

  static LocalChannelOptions read(Config channelConfig, String channelNameAttribute) {
    String channel = channelConfig.getValue(channelNameAttribute, String.class);
    return new LocalChannelOptions(
        channel,
        LocalBusSettings.TOPIC.readOptional(channelConfig).orElse(channel),
        LocalBusSettings.SUBSCRIPTION.readOptional(channelConfig).orElse(channel),
        LocalBusSettings.CAPACITY.read(channelConfig),
        LocalBusSettings.MAX_IN_FLIGHT.read(channelConfig),
        LocalBusSettings.MAX_ATTEMPTS.read(channelConfig),
        LocalBusSettings.REDELIVERY_DELAY.read(channelConfig),
        LocalBusSettings.DEAD_LETTER_TOPIC.read(channelConfig));
  }
}
