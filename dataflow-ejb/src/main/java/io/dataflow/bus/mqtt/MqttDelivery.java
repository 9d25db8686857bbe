package io.dataflow.bus.mqtt;

import java.time.Instant;

/**
 * One MQTT message as received.
 *
 * @param topic the topic it was published to
 * @param payload the payload bytes
 * @param qos the QoS it was delivered with
 * @param duplicate the broker's DUP flag (a redelivery)
 * @param receivedAt when the connector received it
 */
public record MqttDelivery(
    String topic, byte[] payload, int qos, boolean duplicate, Instant receivedAt) {}
