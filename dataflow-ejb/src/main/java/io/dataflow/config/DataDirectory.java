package io.dataflow.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/** The directory for local data, from {@code dataflow.data-dir}; created on first use. */
@ApplicationScoped
public class DataDirectory {
  private Path root;

  protected DataDirectory() {}

  @Inject
  public DataDirectory(Config config) {
    this(Path.of(CoreSettings.DATA_DIR.read(config)));
  }

  public DataDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** A sub-directory of the data directory, created if missing. */
  public Path resolve(String child) {
    Path dir = root.resolve(child);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create " + dir + " (set " + CoreSettings.DATA_DIR.key() + ")", e);
    }
    return dir;
  }
}
