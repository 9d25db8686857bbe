/**
 * The verifier: accounts for every message of one or more load runs in what the pipeline wrote.
 *
 * <p>Readers ({@link io.dataflow.loadgen.verify.WarehouseReader} for the embedded SQL store, {@link
 * io.dataflow.loadgen.verify.ArchiveReader} for the gzip JSONL archive, {@link
 * io.dataflow.loadgen.verify.DeadLetterReader} for the dead-letter file) turn records into {@link
 * io.dataflow.loadgen.verify.Observation}s; the {@link io.dataflow.loadgen.verify.Ledger} compares
 * them with the {@link io.dataflow.loadgen.RunSummary run summaries} and gives a {@link
 * io.dataflow.loadgen.verify.VerifyReport}: per sink, what is missing, duplicated or dead-lettered.
 */
package io.dataflow.loadgen.verify;
