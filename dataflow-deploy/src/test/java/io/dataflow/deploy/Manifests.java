package io.dataflow.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The documents of the YAML files under {@code deploy/kubernetes/}, each read into fabric8's typed
 * Kubernetes model (the class registered for its apiVersion and kind), with the file it came from.
 */
final class Manifests {
  /** The directory, found from the module's working directory up. */
  static final Path DIRECTORY = locate();

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** One document of one file. */
  record Document(Path file, int index, HasMetadata resource) {
    String where() {
      return DIRECTORY.relativize(file) + " #" + index + " " + resource.getKind() + "/" + name();
    }

    String name() {
      return resource.getMetadata() == null ? null : resource.getMetadata().getName();
    }
  }

  private Manifests() {}

  /** Every YAML file under the directory, sub-directories included, in name order. */
  static List<Path> files() {
    try (Stream<Path> files = Files.walk(DIRECTORY)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of every file. */
  static List<Document> all() {
    List<Document> all = new ArrayList<>();
    for (Path file : files()) {
      all.addAll(read(file));
    }
    return all;
  }

  /**
   * The documents of the files directly in the directory: what {@code kubectl apply -f} applies.
   */
  static List<Document> applied() {
    return all().stream().filter(d -> d.file().getParent().equals(DIRECTORY)).toList();
  }

  static List<Document> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Document> documents = new ArrayList<>();
    int index = 0;
    for (String part : DOCUMENT_SEPARATOR.split(text)) {
      if (part.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      index++;
      Object parsed;
      try {
        parsed = SERIALIZATION.unmarshal(part);
      } catch (RuntimeException e) {
        throw new AssertionError(DIRECTORY.relativize(file) + " #" + index + ": " + e, e);
      }
      if (!(parsed instanceof HasMetadata resource)) {
        throw new AssertionError(
            DIRECTORY.relativize(file) + " #" + index + " is not a Kubernetes object: " + parsed);
      }
      documents.add(new Document(file, index, resource));
    }
    return documents;
  }

  static <T extends HasMetadata> List<T> ofType(List<Document> documents, Class<T> type) {
    return documents.stream()
        .map(Document::resource)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  static <T extends HasMetadata> Optional<T> named(
      List<Document> documents, Class<T> type, String name) {
    return ofType(documents, type).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }

  private static Path locate() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("deploy/kubernetes");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "deploy/kubernetes not found from " + Path.of("").toAbsolutePath());
  }
}
