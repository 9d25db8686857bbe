/**
 * Threads for the pipeline's own work: {@link io.dataflow.concurrent.ManagedThreads} hands every
 * connector, stage and sink the container's managed thread factory, or plain named daemon threads
 * outside a container. The one place that knows where the threads come from.
 */
package io.dataflow.concurrent;
