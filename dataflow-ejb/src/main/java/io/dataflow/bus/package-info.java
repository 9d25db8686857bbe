/**
 * The message bus. Every stage reads and writes {@link io.dataflow.envelope.Envelope} messages
 * through MicroProfile Reactive Messaging channels; which connector backs a channel is set only in
 * MicroProfile Config. {@code bus.local} is the in-JVM bus of the all-in-one server; {@code
 * bus.pubsub} is Google Cloud Pub/Sub for the distributed deployment.
 */
package io.dataflow.bus;
