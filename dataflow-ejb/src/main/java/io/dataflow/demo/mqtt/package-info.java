/**
 * The MQTT adapter of the demo traffic (Eclipse Paho mqttv3): publishes the simulated fleet's
 * messages at QoS 1 into the broker this server's ingestion reads from, under its own client id.
 */
package io.dataflow.demo.mqtt;
