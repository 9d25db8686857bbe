/**
 * Connector {@code dataflow-local}: an in-JVM bus of topics and subscriptions for the all-in-one
 * server. Each subscription has a bounded queue that pushes back on the publisher when full (never
 * dropping), a bound on unacknowledged deliveries, nack with redelivery, and a dead-letter topic
 * after the maximum number of attempts.
 */
package io.dataflow.bus.local;
