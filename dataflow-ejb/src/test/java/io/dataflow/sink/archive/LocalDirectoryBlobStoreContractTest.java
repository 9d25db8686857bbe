package io.dataflow.sink.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BlobStoreContract} on {@link LocalDirectoryBlobStore}, read back from the files: the
 * object at its relative path and its {@code <name>.meta.json} beside it.
 */
class LocalDirectoryBlobStoreContractTest extends BlobStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path root;
  private LocalDirectoryBlobStore store;

  @BeforeEach
  void open() throws Exception {
    // The root is a folder of the temp dir, so that an escape from it would be visible.
    root = dir.resolve("archive");
    store = new LocalDirectoryBlobStore(root);
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Override
  Optional<Stored> read(String name) throws Exception {
    Path file = root.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode meta = JSON.readTree(file.resolveSibling(file.getFileName() + ".meta.json").toFile());
    Map<String, String> metadata = new LinkedHashMap<>();
    meta.path("metadata")
        .fields()
        .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    return Optional.of(
        new Stored(
            Files.readAllBytes(file),
            meta.path("contentType").asText(null),
            meta.path("contentEncoding").asText(null),
            metadata));
  }
}
