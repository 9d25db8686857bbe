/**
 * Connector {@code dataflow-mqtt} (Eclipse Paho mqttv3): a persistent-session subscriber with
 * manual acknowledgements. A QoS 1/2 message is acknowledged to the broker only after the ingestion
 * stage has handed its envelope to {@code raw}, and acknowledgements are released in the order the
 * messages arrived (MQTT 3.1.1, section 4.6). Connects with backoff, also the first time, and
 * reconnects forever; a nacked message is offered again by its own {@link
 * io.dataflow.bus.mqtt.NackRetryPolicy}. Each channel reads its attributes, with the server's
 * settings as defaults ({@link io.dataflow.bus.mqtt.MqttSourceOptions}); its {@link
 * io.dataflow.bus.mqtt.Route routes} are parsed once. The broker URL comes through {@link
 * io.dataflow.bus.mqtt.BrokerAddress}.
 */
package io.dataflow.bus.mqtt;
