package io.dataflow.sink.archive.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.BlobStore;
import io.dataflow.sink.archive.BlobStoreException;
import io.dataflow.sink.archive.TestEnvelopes;
import io.dataflow.sink.archive.TransientBlobStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryBlobStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path dir;

  private static ArchiveObject object(String key, String idPrefix, int n) {
    return TestEnvelopes.object(
        key,
        java.util.stream.IntStream.range(0, n)
            .mapToObj(i -> TestEnvelopes.envelope(idPrefix + i, "berlin", T0.plusSeconds(i)))
            .toList());
  }

  @Test
  void storesTheObjectUnderItsNameAsRelativePath() throws Exception {
    LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
    ArchiveObject o = object("2026/11/25/berlin", "a", 5);

    assertThat(store.putIfAbsent(o)).isEqualTo(BlobStore.Outcome.CREATED);

    Path file = dir.resolve(o.name());
    assertThat(file).hasBinaryContent(o.content());
    assertThat(TestEnvelopes.readBack(Files.readAllBytes(file))).hasSize(5);
    assertThat(Files.readString(file.resolveSibling(file.getFileName() + ".meta.json")))
        .contains("\"record-count\":\"5\"")
        .contains("application/x-ndjson")
        .contains("\"contentEncoding\":\"gzip\"");
  }

  @Test
  void anExistingFinalNameMeansAlreadyStoredAndIsNotReplaced() throws Exception {
    LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
    ArchiveObject o = object("2026/11/25/berlin", "a", 5);
    store.putIfAbsent(o);
    Path file = dir.resolve(o.name());
    byte[] before = Files.readAllBytes(file);

    assertThat(store.putIfAbsent(o)).isEqualTo(BlobStore.Outcome.ALREADY_STORED);
    assertThat(store.putIfAbsent(o)).isEqualTo(BlobStore.Outcome.ALREADY_STORED);

    assertThat(file).hasBinaryContent(before);
    assertThat(store.list("")).containsExactly(o.name());
  }

  @Test
  void listByPrefixSkipsMetadataAndTempFiles() throws Exception {
    LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
    ArchiveObject berlin = object("2026/11/25/berlin", "b", 2);
    ArchiveObject paris = object("2026/11/25/paris", "p", 2);
    store.putIfAbsent(berlin);
    store.putIfAbsent(paris);
    Files.writeString(dir.resolve("2026/11/25/paris/.x.jsonl.gz.tmp-1"), "partial");

    assertThat(store.list("2026/11/25/")).containsExactly(berlin.name(), paris.name());
    assertThat(store.list("2026/11/25/paris")).containsExactly(paris.name());
  }

  @Test
  void unsafeNamesAreRefused() throws Exception {
    LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
    ArchiveObject escape =
        ArchiveObject.gzipJsonl("../outside.jsonl.gz", new byte[] {1}, java.util.Map.of());

    assertThatThrownBy(() -> store.putIfAbsent(escape))
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(TransientBlobStoreException.class);
    assertThat(dir.getParent().resolve("outside.jsonl.gz")).doesNotExist();
  }

  @Test
  void aCrashMidWriteLeavesNoPartialObjectUnderItsFinalName() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalStoreCrashChild.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals(LocalStoreCrashChild.HALF_WRITTEN)) {
        // start-up output
      }
      assertThat(line).as("the child reached the middle of its write").isNotNull();
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    ArchiveObject o = LocalStoreCrashChild.object();
    Path target = dir.resolve(o.name());

    assertThat(target).doesNotExist();
    assertThat(tempFiles()).as("the interrupted write's temp file").isNotEmpty();

    LocalDirectoryBlobStore restarted = new LocalDirectoryBlobStore(dir);
    assertThat(tempFiles()).isEmpty();
    assertThat(restarted.list("")).isEmpty();
    assertThat(restarted.putIfAbsent(o)).isEqualTo(BlobStore.Outcome.CREATED);
    assertThat(TestEnvelopes.readBack(Files.readAllBytes(target))).hasSize(2_000);
  }

  private List<Path> tempFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }
  }
}
