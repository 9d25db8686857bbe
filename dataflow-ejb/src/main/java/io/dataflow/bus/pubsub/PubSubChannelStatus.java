package io.dataflow.bus.pubsub;

/**
 * The health of one Pub/Sub channel.
 *
 * @param channel the channel name
 * @param direction {@code incoming} or {@code outgoing}
 * @param resource the topic or subscription path
 * @param ready started and able to move messages (incoming: the subscriber is running and a
 *     consumer is attached; outgoing: an upstream is attached)
 * @param alive not failed for good (a failed subscriber does not restart itself)
 * @param detail a short text for operators
 */
public record PubSubChannelStatus(
    String channel,
    String direction,
    String resource,
    boolean ready,
    boolean alive,
    String detail) {}
