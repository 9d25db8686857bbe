package io.dataflow.enrich.adapter;

import io.dataflow.enrich.lookup.ReloadableRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The device file as L3, read again when it changes. {@link #reloadIfChanged()} (called every few
 * seconds by the stage) compares the file's bytes with those last read; a changed file that parses
 * replaces the registry at once and returns the ids it added, changed or removed, so the caches
 * above can drop them. A file that does not parse (or cannot be read) leaves the previous registry
 * in place and the error in {@link #lastError()} until the file is valid again. Comparing bytes,
 * not modification times, catches edits within the file system's time granularity and the
 * symbolic-link swap of a Kubernetes ConfigMap alike.
 */
public final class ReloadingDeviceRegistry implements ReloadableRegistry {
  private final Path file;
  private volatile FileDeviceRegistry current;
  private byte[] lastRead;
  private volatile String lastError;

  private ReloadingDeviceRegistry(Path file, FileDeviceRegistry first, byte[] bytes) {
    this.file = file;
    this.current = first;
    this.lastRead = bytes;
  }

  /**
   * Reads the file for the first time.
   *
   * @throws IOException when it cannot be read or is malformed: at start-up that is fatal
   */
  public static ReloadingDeviceRegistry open(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new ReloadingDeviceRegistry(file, FileDeviceRegistry.load(file), bytes);
  }

  /**
   * Reads the file again if its content changed.
   *
   * @return the ids added, changed or removed; empty when the content is unchanged
   * @throws IOException when the changed file cannot be read or is malformed; the previous registry
   *     stays in use
   */
  @Override
  public synchronized Set<String> reloadIfChanged() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      lastError = "cannot read " + file + ": " + e;
      throw new IOException(lastError, e);
    }
    if (Arrays.equals(bytes, lastRead)) {
      lastError = null; // back to the content in use (an invalid edit undone)
      return Set.of();
    }
    FileDeviceRegistry next;
    try {
      next = FileDeviceRegistry.load(file);
    } catch (IOException | RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
      throw new IOException(lastError, e);
    }
    Set<String> changed = current.changedIn(next);
    current = next;
    lastRead = bytes;
    lastError = null;
    return changed;
  }

  /** Why the last reload failed; empty once the file was read successfully again. */
  @Override
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** The file watched. */
  public Path file() {
    return file;
  }

  @Override
  public String source() {
    return file.toString();
  }

  @Override
  public int size() {
    return current.size();
  }

  @Override
  public String tierName() {
    return FileDeviceRegistry.TIER;
  }

  @Override
  public Map<String, Map<String, Object>> findAll(Collection<String> ids) {
    return current.findAll(ids);
  }
}
