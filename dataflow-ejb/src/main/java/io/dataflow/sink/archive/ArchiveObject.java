package io.dataflow.sink.archive;

import java.util.Map;
import java.util.Objects;

/**
 * One object for the {@link BlobStore}: a sealed batch as gzip JSONL.
 *
 * @param name the object name relative to the store's root or prefix, e.g. {@code
 *     2026/11/25/berlin/20261125T101500.000Z-1f2e3d4c5b6a7980.jsonl.gz}
 * @param content the stored bytes (gzip)
 * @param contentType {@value #CONTENT_TYPE}
 * @param contentEncoding {@value #CONTENT_ENCODING}
 * @param metadata custom metadata (see {@link ArchiveMetadata})
 */
public record ArchiveObject(
    String name,
    byte[] content,
    String contentType,
    String contentEncoding,
    Map<String, String> metadata) {
  public static final String CONTENT_TYPE = "application/x-ndjson";
  public static final String CONTENT_ENCODING = "gzip";

  public ArchiveObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    metadata = Map.copyOf(metadata);
  }

  /** A gzip JSONL object. */
  public static ArchiveObject gzipJsonl(String name, byte[] content, Map<String, String> metadata) {
    return new ArchiveObject(name, content, CONTENT_TYPE, CONTENT_ENCODING, metadata);
  }

  @Override
  public String toString() {
    return name + " (" + content.length + " bytes)";
  }
}
