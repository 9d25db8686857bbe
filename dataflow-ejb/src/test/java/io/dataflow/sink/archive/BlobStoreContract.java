package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.sink.archive.BlobStore.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} promises, run against each adapter by a subclass: create-only writes
 * (a second write of a name is "already stored" and changes nothing, also when writers race), the
 * content, type, encoding and metadata read back as written, names stored verbatim when safe and
 * refused when not, and listing by prefix in lexical order. A subclass gives the store and a way to
 * read what it holds, independent of the port.
 */
abstract class BlobStoreContract {
  private static final Instant T0 = Instant.parse("2026-11-25T10:15:00Z");

  /** What the store holds under a name, as read back outside the port. */
  record Stored(
      byte[] content, String contentType, String contentEncoding, Map<String, String> metadata) {}

  /** The store under test, empty at the start of each test. */
  abstract BlobStore store();

  /** What the store holds under an object name, read without the port; empty when nothing. */
  abstract Optional<Stored> read(String name) throws Exception;

  private static ArchiveObject batch(String key, String idPrefix, int records) {
    return TestEnvelopes.object(
        key,
        IntStream.range(0, records)
            .mapToObj(i -> TestEnvelopes.envelope(idPrefix + i, "berlin", T0.plusSeconds(i)))
            .toList());
  }

  @Test
  void aNewNameIsCreatedAndReadsBackWithItsContentTypeEncodingAndMetadata() throws Exception {
    ArchiveObject object = batch("2026/11/25/berlin", "m", 20);

    assertThat(store().putIfAbsent(object)).isEqualTo(Outcome.CREATED);

    Stored stored = read(object.name()).orElseThrow();
    assertThat(stored.content()).isEqualTo(object.content());
    assertThat(TestEnvelopes.readBack(stored.content())).hasSize(20);
    assertThat(stored.contentType()).isEqualTo("application/x-ndjson");
    assertThat(stored.contentEncoding()).isEqualTo("gzip");
    assertThat(stored.metadata())
        .isEqualTo(object.metadata())
        .containsEntry(ArchiveMetadata.RECORD_COUNT, "20")
        .containsEntry(ArchiveMetadata.FIRST_MESSAGE_ID, "m0")
        .containsEntry(ArchiveMetadata.LAST_MESSAGE_ID, "m19")
        .containsEntry(ArchiveMetadata.GROUP_KEY, "2026/11/25/berlin");
  }

  @Test
  void aSecondWriteOfTheSameNameIsAlreadyStoredAndDoesNotOverwrite() throws Exception {
    ArchiveObject first =
        ArchiveObject.gzipJsonl(
            "2026/11/25/berlin/same-name.jsonl.gz", new byte[] {1, 2, 3}, Map.of("v", "first"));
    ArchiveObject second =
        ArchiveObject.gzipJsonl(
            "2026/11/25/berlin/same-name.jsonl.gz", new byte[] {9, 9, 9, 9}, Map.of("v", "second"));

    assertThat(store().putIfAbsent(first)).isEqualTo(Outcome.CREATED);
    assertThat(store().putIfAbsent(second)).isEqualTo(Outcome.ALREADY_STORED);
    assertThat(store().putIfAbsent(first)).isEqualTo(Outcome.ALREADY_STORED);

    Stored stored = read(first.name()).orElseThrow();
    assertThat(stored.content()).containsExactly(1, 2, 3);
    assertThat(stored.metadata()).isEqualTo(Map.of("v", "first"));
    assertThat(store().list("")).containsExactly(first.name());
  }

  @Test
  void writersRacingOnOneNameCreateItExactlyOnce() throws Exception {
    ArchiveObject object = batch("2026/11/25/race", "r", 50);

    List<Outcome> outcomes = race(8, w -> object);

    assertThat(outcomes).filteredOn(o -> o == Outcome.CREATED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == Outcome.ALREADY_STORED).hasSize(7);
    assertThat(read(object.name()).orElseThrow().content()).isEqualTo(object.content());
    assertThat(store().list("")).containsExactly(object.name());
  }

  @Test
  void aWriterThatLosesARaceChangesNeitherContentNorMetadata() throws Exception {
    // Racing writers of one name with different bytes: what is stored is one writer's object,
    // content and metadata both, never the content of one and the metadata of another. Twenty
    // rounds, since one round may not interleave.
    for (int round = 0; round < 20; round++) {
      String name = "2026/11/25/race/round-" + round + ".jsonl.gz";
      race(
          8,
          w ->
              ArchiveObject.gzipJsonl(
                  name, new byte[] {(byte) w, 1, 2}, Map.of("writer", Integer.toString(w))));

      Stored stored = read(name).orElseThrow();
      String writer = stored.metadata().get("writer");
      assertThat(stored.content())
          .as("round %d: content of the writer whose metadata is stored (%s)", round, writer)
          .containsExactly(Integer.parseInt(writer), 1, 2);
    }
  }

  /** Writes the objects of {@code writers} threads at once; their outcomes. */
  private List<Outcome> race(int writers, IntFunction<ArchiveObject> objectOf) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        ArchiveObject object = objectOf.apply(w);
        Callable<Outcome> write =
            () -> {
              start.await();
              return store().putIfAbsent(object);
            };
        futures.add(pool.submit(write));
      }
      start.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "k.jsonl.gz",
        "2026/11/25/plant-north/20261125T101500.000Z-1f2e3d4c5b6a7980.jsonl.gz",
        "a/b/c/d/e/f/deep_name-1.2.3.jsonl.gz",
        "UPPER/lower/0123456789.jsonl.gz"
      })
  void aSafeNameIsStoredAndListedVerbatim(String name) throws Exception {
    ArchiveObject object = ArchiveObject.gzipJsonl(name, new byte[] {4, 2}, Map.of());

    assertThat(store().putIfAbsent(object)).isEqualTo(Outcome.CREATED);

    assertThat(store().list("")).containsExactly(name);
    assertThat(read(name)).hasValueSatisfying(s -> assertThat(s.content()).containsExactly(4, 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../outside.jsonl.gz",
        "2026/../../outside.jsonl.gz",
        "/absolute.jsonl.gz",
        "a//b.jsonl.gz",
        "a/./b.jsonl.gz",
        "folder/",
        "with space.jsonl.gz",
        "back\\slash.jsonl.gz",
        "percent%2F.jsonl.gz",
        ""
      })
  void anUnsafeNameIsRefusedForGoodAndNothingIsStored(String name) throws Exception {
    ArchiveObject object = ArchiveObject.gzipJsonl(name, new byte[] {1}, Map.of());

    assertThatThrownBy(() -> store().putIfAbsent(object))
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(TransientBlobStoreException.class)
        .hasMessageContaining("unsafe object name");

    assertThat(store().list("")).isEmpty();
  }

  @Test
  void listByPrefixGivesTheNamesUnderItInLexicalOrder() throws Exception {
    ArchiveObject berlin = batch("2026/11/25/berlin", "b", 3);
    ArchiveObject paris = batch("2026/11/25/paris", "p", 3);
    ArchiveObject nextDay = batch("2026/11/26/berlin", "n", 3);
    ArchiveObject berlinLater =
        ArchiveObject.gzipJsonl("2026/11/25/berlin/zzz-later.jsonl.gz", new byte[] {1}, Map.of());
    for (ArchiveObject o : List.of(nextDay, berlinLater, paris, berlin)) {
      store().putIfAbsent(o);
    }

    assertThat(store().list(""))
        .containsExactly(berlin.name(), berlinLater.name(), paris.name(), nextDay.name());
    assertThat(store().list("2026/11/25/"))
        .containsExactly(berlin.name(), berlinLater.name(), paris.name());
    assertThat(store().list("2026/11/25/paris/")).containsExactly(paris.name());
    assertThat(store().list("2026/11/2")).hasSize(4);
    assertThat(store().list("2026/12/")).isEmpty();
  }

  @Test
  void anEmptyStoreListsNothingAndReadsNothing() throws Exception {
    assertThat(store().list("")).isEmpty();
    assertThat(read("2026/11/25/berlin/none.jsonl.gz")).isEmpty();
  }
}
