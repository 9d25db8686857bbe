/**
 * The BigQuery sink ("bigqueries"): consumes {@code enriched}, turns each envelope into a row with
 * the configured {@link io.dataflow.sink.bigquery.RowTransformer}, batches rows with the shared
 * {@link io.dataflow.sink.batch.KeyedBatcher} and writes them through the {@link
 * io.dataflow.sink.bigquery.RowWriter} port: {@link
 * io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteRowWriter} (the Storage Write API,
 * exactly once in committed mode) or {@link io.dataflow.sink.bigquery.adapter.BigQueryRowWriter}
 * (insertAll, insertId = envelope id) in the cloud, {@link
 * io.dataflow.sink.bigquery.adapter.H2RowWriter} (an H2 file under the data directory) by default.
 * Rejected rows go to the dead letter; a batch that cannot be written is retried ({@link
 * io.dataflow.sink.bigquery.FaultTolerantRowWriter}) and then nacked, so the bus redelivers it with
 * the same ids.
 */
package io.dataflow.sink.bigquery;
