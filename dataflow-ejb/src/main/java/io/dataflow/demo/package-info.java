/**
 * Demo traffic: a simulated fleet that publishes telemetry into this server's own MQTT broker, so
 * that a newcomer sees every console page move without a device or a load generator. Off unless
 * asked for ({@code dataflow.demo.enabled}, or Start on the console dashboard), and only where the
 * ingestion stage runs.
 *
 * <p>{@link io.dataflow.demo.DemoFleet} is the container-free core: the registered devices and a
 * few unknown ones, each with values that drift (a random walk per device), plus a small share of
 * bad input (not JSON, oversize, a topic that matches no route) so that cache misses and dead
 * letters appear too. {@link io.dataflow.demo.DemoRun} paces one run at a steady rate through the
 * {@link io.dataflow.demo.DemoPublisher} port, and {@link io.dataflow.demo.DemoTraffic} is the thin
 * bean that owns the scheduler and the MQTT publisher ({@code demo.mqtt}) and is the console's
 * {@link io.dataflow.admin.DemoControl}. This is demo input, not a load generator: the measured
 * load runs use {@code dataflow-loadgen}.
 */
package io.dataflow.demo;
