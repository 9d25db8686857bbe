package io.dataflow.sink.archive.adapter;

import static io.dataflow.sink.archive.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.dataflow.envelope.Envelope;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.archive.ArchiveMetadata;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.BlobStore;
import io.dataflow.sink.archive.BlobStoreException;
import io.dataflow.sink.archive.TestEnvelopes;
import io.dataflow.sink.archive.TransientBlobStoreException;
import io.dataflow.testing.FakeGcsServer;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real google-cloud-storage client against {@link FakeGcsServer}. */
class GcsBlobStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:15:00Z");
  private FakeGcsServer gcs;
  private Storage storage;

  @BeforeEach
  void start() throws Exception {
    gcs = FakeGcsServer.start().createBucket("archive");
    storage = GoogleClients.storage(gcs.clientOptions());
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    gcs.close();
  }

  private GcsBlobStore store(long resumableThreshold) {
    return new GcsBlobStore(storage, "archive", "telemetry/", resumableThreshold);
  }

  private static List<Envelope> batch(int n, String prefix) {
    return IntStream.range(0, n)
        .mapToObj(i -> envelope(prefix + i, "berlin", T0.plusSeconds(i)))
        .toList();
  }

  @Test
  void uploadSetsContentTypeEncodingAndMetadata() throws Exception {
    ArchiveObject object = TestEnvelopes.object("2026/11/25/berlin", batch(20, "m"));

    assertThat(store(Long.MAX_VALUE).putIfAbsent(object)).isEqualTo(BlobStore.Outcome.CREATED);

    Blob blob = storage.get(BlobId.of("archive", "telemetry/" + object.name()));
    assertThat(blob.getContentType()).isEqualTo("application/x-ndjson");
    assertThat(blob.getContentEncoding()).isEqualTo("gzip");
    assertThat(blob.getMetadata())
        .containsEntry(ArchiveMetadata.RECORD_COUNT, "20")
        .containsEntry(ArchiveMetadata.MIN_EVENT_TIME, T0.toString())
        .containsEntry(ArchiveMetadata.MAX_EVENT_TIME, T0.plusSeconds(19).toString())
        .containsEntry(ArchiveMetadata.FIRST_MESSAGE_ID, "m0")
        .containsEntry(ArchiveMetadata.LAST_MESSAGE_ID, "m19")
        .containsEntry(ArchiveMetadata.SHA256, object.metadata().get(ArchiveMetadata.SHA256));
    assertThat(gcs.requests()).anyMatch(r -> r.contains("uploadType=multipart"));
    byte[] stored = gcs.object("archive", "telemetry/" + object.name()).orElseThrow().content();
    assertThat(TestEnvelopes.readBack(stored))
        .extracting(Envelope::id)
        .hasSize(20)
        .startsWith("m0");
  }

  @Test
  void replayingTheSameBatchThreeTimesStoresOneObject() throws Exception {
    List<Envelope> envelopes = batch(50, "r");
    GcsBlobStore store = store(Long.MAX_VALUE);

    List<BlobStore.Outcome> outcomes = new java.util.ArrayList<>();
    for (int replay = 0; replay < 3; replay++) {
      outcomes.add(store.putIfAbsent(TestEnvelopes.object("2026/11/25/berlin", envelopes)));
    }

    assertThat(outcomes)
        .containsExactly(
            BlobStore.Outcome.CREATED,
            BlobStore.Outcome.ALREADY_STORED,
            BlobStore.Outcome.ALREADY_STORED);
    assertThat(gcs.objects()).hasSize(1);
    assertThat(gcs.requests())
        .allMatch(r -> !r.startsWith("POST") || r.contains("ifGenerationMatch=0"));
  }

  @Test
  void replayingALargeBatchThroughResumableUploadsStoresOneObject() throws Exception {
    List<Envelope> envelopes = batch(3000, "big");
    GcsBlobStore store = store(0);

    for (int replay = 0; replay < 3; replay++) {
      store.putIfAbsent(TestEnvelopes.object("2026/11/25/berlin", envelopes));
    }

    assertThat(gcs.objects()).hasSize(1);
    assertThat(gcs.requests()).anyMatch(r -> r.contains("uploadType=resumable"));
    FakeGcsServer.StoredObject stored = gcs.objects().get(0);
    assertThat(stored.contentEncoding()).isEqualTo("gzip");
    assertThat(stored.metadata()).containsEntry(ArchiveMetadata.RECORD_COUNT, "3000");
    assertThat(TestEnvelopes.readBack(stored.content())).hasSize(3000);
  }

  @Test
  void a503IsTransientAndTheNextAttemptStoresEverything() throws Exception {
    ArchiveObject object = TestEnvelopes.object("2026/11/25/berlin", batch(10, "f"));
    GcsBlobStore store = store(Long.MAX_VALUE);
    gcs.failNextUploads(503, 2);

    assertThatThrownBy(() -> store.putIfAbsent(object))
        .isInstanceOf(TransientBlobStoreException.class);
    assertThatThrownBy(() -> store.putIfAbsent(object))
        .isInstanceOf(TransientBlobStoreException.class);
    assertThat(store.putIfAbsent(object)).isEqualTo(BlobStore.Outcome.CREATED);

    assertThat(TestEnvelopes.readBack(gcs.objects().get(0).content())).hasSize(10);
  }

  @Test
  void aMissingBucketIsNotTransient() {
    GcsBlobStore store = new GcsBlobStore(storage, "nope", "", Long.MAX_VALUE);
    ArchiveObject object = TestEnvelopes.object("k", batch(1, "x"));

    assertThatThrownBy(() -> store.putIfAbsent(object))
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(TransientBlobStoreException.class);
    assertThat(store.checkBucket()).hasValueSatisfying(s -> assertThat(s).contains("nope"));
  }

  @Test
  void listByPrefixReturnsOnlyThatFolder() throws Exception {
    GcsBlobStore store = store(Long.MAX_VALUE);
    ArchiveObject berlin = TestEnvelopes.object("2026/11/25/berlin", batch(3, "b"));
    ArchiveObject paris = TestEnvelopes.object("2026/11/25/paris", batch(3, "p"));
    ArchiveObject nextDay = TestEnvelopes.object("2026/11/26/berlin", batch(3, "n"));
    for (ArchiveObject o : List.of(berlin, paris, nextDay)) {
      store.putIfAbsent(o);
    }

    assertThat(store.list("2026/11/25/")).containsExactly(berlin.name(), paris.name());
    assertThat(store.list("2026/11/25/paris/")).containsExactly(paris.name());
    assertThat(store.checkBucket()).isEmpty();
  }

  @Test
  void aPrefixWithoutTrailingSlashIsAFolder() throws Exception {
    GcsBlobStore store = new GcsBlobStore(storage, "archive", "telemetry", Long.MAX_VALUE);
    ArchiveObject o = TestEnvelopes.object("2026/11/25/berlin", batch(1, "s"));

    store.putIfAbsent(o);

    assertThat(gcs.object("archive", "telemetry/" + o.name())).isPresent();
    assertThat(store.list("")).containsExactly(o.name());
    assertThat(store.describe()).isEqualTo("gs://archive/telemetry/");
  }
}
