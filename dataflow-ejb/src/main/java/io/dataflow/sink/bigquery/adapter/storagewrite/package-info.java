/**
 * The BigQuery Storage Write API writer ({@code dataflow.bigquery.writer=storage-write}), read in
 * this order: {@link io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteRowWriter} (the
 * {@link io.dataflow.sink.bigquery.RowWriter}: table over REST, rows serialised by {@code
 * RowMessages} against a proto schema derived from the {@link
 * io.dataflow.sink.bigquery.RowSchema}); the two modes, {@code CommittedAppends} (exactly once: one
 * {@code CommittedStream} per concurrent write, explicit offsets, the durable {@code AppendLedger}
 * under the data directory) and {@code DefaultAppends} (at least once: the default stream on the
 * client's connection pool); {@code AppendFailure} (what an append's failure means); {@code
 * WriteStreams} (the gRPC client calls). The exactly-once argument is in docs/bigquery.md.
 */
package io.dataflow.sink.bigquery.adapter.storagewrite;
