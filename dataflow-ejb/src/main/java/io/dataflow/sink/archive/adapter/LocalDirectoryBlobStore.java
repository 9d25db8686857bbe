package io.dataflow.sink.archive.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.BlobStore;
import io.dataflow.sink.archive.BlobStoreException;
import io.dataflow.sink.archive.UploadRetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The embedded blob store: objects are files under a directory ({@code <data-dir>/archive/}), the
 * object name being the relative path. A file is written to a hidden temp file beside its final
 * name, forced to disk, then linked to the final name, which fails if that name exists (the
 * create-new check and the publish are one atomic step); so a crash mid-write never leaves a
 * partial file under a final name, and an existing final name means "already stored". The metadata
 * is written beside it as {@code <name>.meta.json}. Temp files left by a crash are removed at
 * start.
 */
public final class LocalDirectoryBlobStore implements BlobStore {
  private static final Logger LOG = Logger.getLogger(LocalDirectoryBlobStore.class.getName());
  static final String TEMP_MARK = ".tmp-";
  static final String METADATA_SUFFIX = ".meta.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes an object's bytes to the temp file; tests replace it to stop half-way. */
  interface ContentWriter {
    void write(byte[] content, OutputStream out) throws IOException;
  }

  private final Path root;
  private final ContentWriter writer;

  public LocalDirectoryBlobStore(Path root) throws IOException {
    this(root, (content, out) -> out.write(content));
  }

  LocalDirectoryBlobStore(Path root, ContentWriter writer) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.writer = writer;
    Files.createDirectories(this.root);
    removeTempFiles();
  }

  @Override
  public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
    Path target = resolve(object.name());
    if (Files.exists(target)) {
      return Outcome.ALREADY_STORED;
    }
    Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARK + UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
      writeSynced(temp, out -> writer.write(object.content(), out));
      Outcome outcome = publish(temp, target);
      if (outcome == Outcome.CREATED) {
        // Only the writer that created the object writes its metadata, so content and metadata
        // are always one writer's. A crash between the two leaves the object without its
        // sidecar, never with another writer's.
        writeMetadata(target, object);
      }
      return outcome;
    } catch (IOException e) {
      throw UploadRetryPolicy.classify("Cannot write " + target, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public List<String> list(String prefix) throws BlobStoreException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(name -> name.startsWith(prefix) && isObjectName(name))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw UploadRetryPolicy.classify("Cannot list " + root, e);
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }

  public Path root() {
    return root;
  }

  /** The file of an object name. */
  public Path resolve(String name) throws BlobStoreException {
    return root.resolve(BlobStore.requireSafeName(name));
  }

  private Outcome publish(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp); // link(2): atomic, and fails when the name exists
    } catch (FileAlreadyExistsException e) {
      return Outcome.ALREADY_STORED;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here: atomic rename after the existence check (a racing writer of the
      // same deterministic name writes the same records).
      if (Files.exists(target)) {
        return Outcome.ALREADY_STORED;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    syncDirectory(target.getParent());
    return Outcome.CREATED;
  }

  private void writeMetadata(Path target, ArchiveObject object) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("contentType", object.contentType());
    meta.put("contentEncoding", object.contentEncoding());
    meta.put("size", object.content().length);
    meta.put("metadata", object.metadata());
    Path file = target.resolveSibling(target.getFileName() + METADATA_SUFFIX);
    Path temp = file.resolveSibling("." + file.getFileName() + TEMP_MARK + UUID.randomUUID());
    try {
      writeSynced(temp, out -> out.write(JSON.writeValueAsBytes(meta)));
      // Create-only, as the object: a writer that loses the race keeps the first one's metadata.
      try {
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        return;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (!Files.exists(file)) {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } finally {
      deleteQuietly(temp);
    }
  }

  private interface StreamWork {
    void write(OutputStream out) throws IOException;
  }

  private static void writeSynced(Path file, StreamWork work) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      work.write(out);
      out.flush();
      channel.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot sync a directory; the file itself is already on disk.
    }
  }

  static boolean isObjectName(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return !file.startsWith(".") && !file.endsWith(METADATA_SUFFIX);
  }

  private void removeTempFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> temps =
          files
              .filter(p -> p.getFileName().toString().startsWith("."))
              .filter(p -> p.getFileName().toString().contains(TEMP_MARK))
              .toList();
      for (Path p : temps) {
        deleteQuietly(p);
      }
      if (!temps.isEmpty()) {
        LOG.info(root + ": removed " + temps.size() + " temp files left by an interrupted write");
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.fine("Cannot delete " + p + ": " + e);
    }
  }
}
