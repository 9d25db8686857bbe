/**
 * Connector {@code dataflow-pubsub}: the bus on Google Cloud Pub/Sub for the distributed
 * deployment. Outgoing channels publish envelopes (the envelope codec's JSON, metadata copied into
 * attributes) through a batching publisher and ack upstream only once Pub/Sub has accepted them;
 * incoming channels pull with flow control, map ack and nack to Pub/Sub's, keep extending the ack
 * deadline while a message is outstanding, and expose the delivery attempt of subscriptions with a
 * dead-letter policy. Credentials are Application Default Credentials, or none against an emulator
 * (one shared {@link io.dataflow.gcp.EmulatorChannel} per emulator host). Configuration: {@link
 * io.dataflow.bus.pubsub.PubSubSettings}; operations: {@code docs/distributed.md}.
 */
package io.dataflow.bus.pubsub;
