/**
 * Connector {@code dataflow-local}: an in-JVM bus of topics and subscriptions for the all-in-one
 * server. Each subscription has a bounded queue that pushes back on the publisher when full (never
 * dropping), a bound on unacknowledged deliveries, nack with redelivery, and a dead-letter topic
 * after the maximum number of attempts. With the journal on ({@link
 * io.dataflow.bus.local.JournalSettings}), each topic keeps a write-ahead journal ({@link
 * io.dataflow.bus.local.TopicJournal}): a publish is accepted once it is on disk, and unacked
 * messages are delivered again after a restart. A full disk fails publishes (never a torn record on
 * disk) until space returns, reported by {@link io.dataflow.bus.local.LocalBusReadinessCheck}; a
 * damaged record is passed over on reading (docs/bus.md).
 */
package io.dataflow.bus.local;
