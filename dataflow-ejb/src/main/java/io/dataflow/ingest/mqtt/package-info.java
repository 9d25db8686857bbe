/**
 * Connector {@code dataflow-mqtt} (Eclipse Paho mqttv3): a persistent-session subscriber with
 * manual acknowledgements. A QoS 1/2 message is acknowledged to the broker only after the ingestion
 * stage has handed its envelope to {@code raw}, and acknowledgements are released in the order the
 * messages arrived (MQTT 3.1.1, section 4.6). Connects with backoff, also the first time, and
 * reconnects forever. {@link io.dataflow.ingest.mqtt.EmbeddedMqttBroker} gives the all-in-one
 * server a broker when none is configured.
 */
package io.dataflow.ingest.mqtt;
