/**
 * The archive's blob stores, behind the {@link io.dataflow.sink.archive.BlobStore} port: {@link
 * io.dataflow.sink.archive.adapter.GcsBlobStore} (Google Cloud Storage, create-only writes with
 * {@code ifGenerationMatch=0}) and {@link io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore}
 * (the embedded default: a directory, create-new and atomic rename). {@link
 * io.dataflow.sink.archive.ArchiveStage} opens one from {@link
 * io.dataflow.sink.archive.ArchiveConfig}.
 */
package io.dataflow.sink.archive.adapter;
