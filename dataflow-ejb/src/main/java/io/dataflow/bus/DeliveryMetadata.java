package io.dataflow.bus;

/**
 * Message metadata that incoming bus connectors attach: how many times this message has been
 * delivered (1 on first delivery) and from which subscription. Stages use the attempt count to
 * decide when a failing message goes to the dead letter.
 *
 * @param attempt the delivery attempt, starting at 1
 * @param subscription the subscription (or channel) the message came from
 */
public record DeliveryMetadata(int attempt, String subscription) {}
