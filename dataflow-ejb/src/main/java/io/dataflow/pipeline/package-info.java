/**
 * What every stage shares, whatever it does: {@link io.dataflow.pipeline.Settlement}, the one way a
 * stage settles a message (forward, dead-letter then ack, nack).
 *
 * <p>The stages follow one vocabulary: {@code XStage} is the thin channel bean ({@code @Incoming} /
 * {@code @Outgoing}) and its lifecycle; {@code XConfig} its typed settings, read once; the core is
 * named for its job and free of the container; ports are small interfaces, and their adapters,
 * named after their technology, live in an {@code adapter} subpackage.
 */
package io.dataflow.pipeline;
