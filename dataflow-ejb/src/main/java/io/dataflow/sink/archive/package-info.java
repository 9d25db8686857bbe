/**
 * The archive sink ("icestore"): envelopes from {@code enriched} are grouped by a key template
 * ({@link io.dataflow.sink.archive.ArchiveKeyTemplate}, default {@code
 * {yyyy}/{MM}/{dd}/{location}}), compressed per group as they arrive ({@link
 * io.dataflow.sink.archive.GzipJsonlAccumulator}) in the shared batcher, and each sealed batch is
 * stored as one gzip JSONL object with a deterministic name through the {@link
 * io.dataflow.sink.archive.BlobStore} port: {@link io.dataflow.sink.archive.adapter.GcsBlobStore}
 * ({@code ifGenerationMatch=0}) or {@link io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore}
 * (create-new, atomic publish). Messages are acked only once their object is stored. {@link
 * io.dataflow.sink.archive.Archiver} holds the logic; {@link io.dataflow.sink.archive.ArchiveStage}
 * wires it into the container and implements the admin console's {@link
 * io.dataflow.admin.ArchiveControl}. Settings: {@link io.dataflow.sink.archive.ArchiveSettings};
 * operations: {@code docs/archive.md}.
 */
package io.dataflow.sink.archive;
