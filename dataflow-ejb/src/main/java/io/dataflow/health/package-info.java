/**
 * The pipeline's liveness: {@link io.dataflow.health.PipelineLivenessCheck} turns {@code
 * /health/live} DOWN when a worker watched by {@link io.dataflow.concurrent.Heartbeats} died or
 * stalled, so that the orchestrator restarts the server. Depends only on the registry and the
 * settings; nothing depends on it.
 */
package io.dataflow.health;
