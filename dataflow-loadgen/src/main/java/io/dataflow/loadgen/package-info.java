/**
 * The load generator and the verifier: a runnable jar ({@link io.dataflow.loadgen.Main}) used by
 * the scripts under {@code bench/} to measure and check the whole pipeline from outside.
 *
 * <p>{@code loadgen} publishes sequence-numbered telemetry for a fleet of devices ({@link
 * io.dataflow.loadgen.Fleet}, keys drawn by {@link io.dataflow.loadgen.Zipf}) and writes a {@link
 * io.dataflow.loadgen.RunSummary} of what the broker acknowledged; {@code fuzz} publishes bad input
 * ({@link io.dataflow.loadgen.FuzzPayloads}); {@code verify} (package {@code verify}) reads what
 * the sinks and the dead-letter store wrote and accounts for every message in the summaries.
 */
package io.dataflow.loadgen;
