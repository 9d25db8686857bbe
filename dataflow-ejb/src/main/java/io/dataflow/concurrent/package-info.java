/**
 * Threads for the pipeline's own work, and whether they still work. {@link
 * io.dataflow.concurrent.ManagedThreads} hands every connector, stage and sink the container's
 * managed thread factory, or plain named daemon threads outside a container: the one place that
 * knows where the threads come from. {@link io.dataflow.concurrent.Heartbeats} watches the
 * pipeline's workers (each a {@link io.dataflow.concurrent.Heartbeat}, or a {@link
 * io.dataflow.concurrent.TrackedExecutor} for a pool of writes) for {@code /health/live}.
 */
package io.dataflow.concurrent;
