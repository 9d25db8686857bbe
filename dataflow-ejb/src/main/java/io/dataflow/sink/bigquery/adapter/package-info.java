/**
 * The BigQuery sink's row writers, behind the {@link io.dataflow.sink.bigquery.RowWriter} port:
 * {@link io.dataflow.sink.bigquery.adapter.BigQueryRowWriter} (insertAll, insertId = envelope id;
 * {@link io.dataflow.sink.bigquery.adapter.BigQueryTables} creates the dataset and table) and
 * {@link io.dataflow.sink.bigquery.adapter.H2RowWriter} (the embedded default: an H2 file under the
 * data directory, table by {@link io.dataflow.sink.bigquery.adapter.H2Table}); the Storage Write
 * API writer is in the subpackage {@code storagewrite}. {@link
 * io.dataflow.sink.bigquery.BigQueryStage} picks one from the settings.
 */
package io.dataflow.sink.bigquery.adapter;
