package io.dataflow.bus.mqtt;

/**
 * Where the MQTT broker is: the port through which the connector learns the URL to connect to, so
 * that it does not know who decides it (the configured {@code dataflow.mqtt.url}, or the all-in-one
 * server's embedded broker).
 */
public interface BrokerAddress {
  /** The broker URL, such as {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}. */
  String brokerUrl();
}
