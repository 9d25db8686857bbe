package io.dataflow.sink.archive.adapter;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.archive.ArchiveConfig;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.BlobStore;
import io.dataflow.sink.archive.BlobStoreException;
import io.dataflow.sink.archive.UploadRetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Archive objects in a GCS bucket under a prefix. Every write is create-only ({@code
 * ifGenerationMatch=0}): a 412 means the object is already stored and counts as success. Objects
 * below the resumable threshold go up in one multipart request, larger ones as a resumable upload.
 * The client (built by {@link io.dataflow.gcp.GoogleClients#storage}) has its own retries off:
 * retrying is {@link io.dataflow.sink.archive.FaultTolerantUploads}'s job, so there is one retry
 * policy, not two stacked.
 */
public final class GcsBlobStore implements BlobStore {
  private static final Logger LOG = Logger.getLogger(GcsBlobStore.class.getName());
  private static final int PRECONDITION_FAILED = 412;
  private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final long resumableThreshold;

  public GcsBlobStore(Storage storage, String bucket, String prefix, long resumableThreshold) {
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("GCS prefix must not start with '/': " + prefix);
    }
    this.storage = storage;
    this.bucket = bucket;
    // A prefix is a folder: 'telemetry' and 'telemetry/' both put objects under telemetry/.
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    this.resumableThreshold = resumableThreshold;
  }

  /**
   * The store of these settings, after a bucket check whose problem is logged, not thrown: uploads
   * retry until the bucket is reachable. The check has its own short timeout, so a slow endpoint
   * cannot stall deployment.
   */
  public static GcsBlobStore open(ArchiveConfig.Cloud settings) {
    try (var probe = GoogleClients.storage(settings.client().withTimeout(STARTUP_CHECK_TIMEOUT))) {
      new GcsBlobStore(probe, settings.bucket(), settings.prefix(), settings.resumableThreshold())
          .checkBucket()
          .ifPresent(problem -> LOG.warning("Archive store: " + problem + "; uploads will retry"));
    } catch (Exception e) {
      LOG.warning("Archive store: bucket check failed: " + e);
    }
    return new GcsBlobStore(
        GoogleClients.storage(settings.client()),
        settings.bucket(),
        settings.prefix(),
        settings.resumableThreshold());
  }

  @Override
  public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
    BlobInfo info =
        BlobInfo.newBuilder(BlobId.of(bucket, prefix + BlobStore.requireSafeName(object.name())))
            .setContentType(object.contentType())
            .setContentEncoding(object.contentEncoding())
            .setMetadata(object.metadata())
            .build();
    try {
      if (object.content().length >= resumableThreshold) {
        storage.createFrom(
            info,
            new ByteArrayInputStream(object.content()),
            Storage.BlobWriteOption.doesNotExist(),
            Storage.BlobWriteOption.disableGzipContent());
      } else {
        storage.create(
            info,
            object.content(),
            Storage.BlobTargetOption.doesNotExist(),
            Storage.BlobTargetOption.disableGzipContent());
      }
      return Outcome.CREATED;
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return Outcome.ALREADY_STORED;
      }
      throw UploadRetryPolicy.classify("Upload of gs://" + bucket + "/" + info.getName(), e);
    } catch (IOException | RuntimeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StorageException s && s.getCode() == PRECONDITION_FAILED) {
        return Outcome.ALREADY_STORED;
      }
      throw UploadRetryPolicy.classify("Upload of gs://" + bucket + "/" + info.getName(), e);
    }
  }

  @Override
  public List<String> list(String namePrefix) throws BlobStoreException {
    try {
      List<String> names = new ArrayList<>();
      Page<Blob> page = storage.list(bucket, Storage.BlobListOption.prefix(prefix + namePrefix));
      for (Blob blob : page.iterateAll()) {
        names.add(blob.getName().substring(prefix.length()));
      }
      names.sort(null);
      return names;
    } catch (RuntimeException e) {
      throw UploadRetryPolicy.classify("List of gs://" + bucket + "/" + prefix + namePrefix, e);
    }
  }

  /**
   * Checks at start-up that the bucket exists.
   *
   * @return empty when it does, else why not
   */
  public Optional<String> checkBucket() {
    try {
      return storage.get(bucket) == null
          ? Optional.of("bucket " + bucket + " does not exist")
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("bucket " + bucket + " could not be checked: " + e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "gs://" + bucket + "/" + prefix;
  }
}
