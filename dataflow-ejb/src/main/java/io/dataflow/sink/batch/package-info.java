/**
 * The one batcher, shared by both sinks. {@link io.dataflow.sink.batch.KeyedBatcher} keeps one open
 * group per key (one table for the BigQuery sink, one date/location for the archive), each with its
 * own seal triggers (count, bytes, age, idle) evaluated against an injected clock, so a quiet group
 * seals on its own deadline whatever the other groups do. Records accumulate in a pluggable {@link
 * io.dataflow.sink.batch.BatchBuffer} (a row list, or a compressor) whose type the batcher carries
 * ({@code KeyedBatcher<K, R, B extends BatchBuffer<R>>}), so the {@link
 * io.dataflow.sink.batch.BatchWriter} reads its buffer without a cast. Sealed batches are written
 * in parallel up to a bound, and {@link io.dataflow.pipeline.Settlement} acks, dead-letters or
 * nacks their messages by the outcome. Bounds on pending records, pending bytes and open groups
 * apply backpressure; nothing is dropped.
 */
package io.dataflow.sink.batch;
