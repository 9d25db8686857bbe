package io.dataflow.sink.archive;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.archive.adapter.GcsBlobStore;
import io.dataflow.testing.FakeGcsServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The {@link BlobStoreContract} on {@link GcsBlobStore}: the real google-cloud-storage client
 * against the wire-level {@link FakeGcsServer}, once with one-request (multipart) uploads and once
 * with resumable uploads, whose create-only check happens at a different request. What the bucket
 * holds is read back through the client (object resource and media download).
 */
class GcsBlobStoreContractTest {
  private static final String BUCKET = "archive";
  private static final String PREFIX = "telemetry/";

  /** The store with every upload below or above its resumable threshold. */
  abstract static class OnFakeGcs extends BlobStoreContract {
    private FakeGcsServer gcs;
    private Storage storage;
    private GcsBlobStore store;

    abstract long resumableThreshold();

    @BeforeEach
    void start() throws Exception {
      gcs = FakeGcsServer.start().createBucket(BUCKET);
      storage = GoogleClients.storage(gcs.clientOptions());
      store = new GcsBlobStore(storage, BUCKET, PREFIX, resumableThreshold());
    }

    @AfterEach
    void stop() throws Exception {
      if (storage != null) {
        storage.close();
      }
      if (gcs != null) {
        gcs.close();
      }
    }

    @Override
    BlobStore store() {
      return store;
    }

    @Override
    Optional<Stored> read(String name) {
      BlobId id = BlobId.of(BUCKET, PREFIX + name);
      Blob blob = storage.get(id);
      if (blob == null) {
        return Optional.empty();
      }
      Map<String, String> metadata = blob.getMetadata() == null ? Map.of() : blob.getMetadata();
      // The media download (the /download root), as stored: no decompressive transcoding.
      return Optional.of(
          new Stored(
              storage.readAllBytes(id),
              blob.getContentType(),
              blob.getContentEncoding(),
              metadata));
    }
  }

  @Nested
  class MultipartUploads extends OnFakeGcs {
    @Override
    long resumableThreshold() {
      return Long.MAX_VALUE;
    }
  }

  @Nested
  class ResumableUploads extends OnFakeGcs {
    @Override
    long resumableThreshold() {
      return 0;
    }
  }
}
