package io.dataflow.sink.archive;

import java.util.List;

/**
 * Where archive objects are stored: the port behind which GCS ({@link
 * io.dataflow.sink.archive.adapter.GcsBlobStore}) and the local directory ({@link
 * io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore}) sit. Writes are create-only, so
 * replaying a batch never replaces or duplicates an object; an object name must be safe ({@link
 * #requireSafeName}) in every store. Implementations are thread-safe.
 */
public interface BlobStore {
  /** What a create-only write found. Both mean the object is stored. */
  enum Outcome {
    CREATED,
    ALREADY_STORED
  }

  /**
   * Stores the object unless one of that name exists.
   *
   * @throws BlobStoreException when it may not be stored; {@link TransientBlobStoreException} when
   *     trying again soon may succeed
   */
  Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException;

  /** Names of the stored objects that start with a prefix, in lexical order. */
  List<String> list(String prefix) throws BlobStoreException;

  /** Where objects go, for logs: {@code gs://bucket/prefix} or a directory. */
  String describe();

  /**
   * Refuses an object name that is not safe in every store (path traversal, control characters,
   * characters outside the archive key alphabet), so that the stores agree on what they take.
   */
  static String requireSafeName(String name) throws BlobStoreException {
    if (!ArchiveGroupKey.isSafe(name)) {
      throw new UnstorableObjectException("unsafe object name '" + name + "'");
    }
    return name;
  }
}
