package io.dataflow.sink.archive;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.DataDirectory;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.archive.adapter.GcsBlobStore;
import io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The configured {@link BlobStore} ({@code dataflow.archive.store}), with prompt retries of
 * transient failures by MicroProfile Fault Tolerance. Which failures are transient is decided by
 * {@link UploadRetryPolicy}; a batch whose retries run out is tried again later by {@link
 * ArchiveUploader}, so nothing is dropped.
 */
@ApplicationScoped
@StageComponent(Stage.ARCHIVE)
public class RetryingBlobStore implements BlobStore {
  private static final Logger LOG = Logger.getLogger(RetryingBlobStore.class.getName());
  private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(5);

  @Inject Config config;
  @Inject DataDirectory dataDirectory;

  private BlobStore store;

  @PostConstruct
  void open() {
    store = open(config, dataDirectory);
    LOG.info("Archive objects go to " + store.describe());
  }

  /** The adapter chosen by configuration. */
  static BlobStore open(Config config, DataDirectory dataDirectory) {
    if (ArchiveSettings.STORE.read(config).equals("gcs")) {
      return openGcs(config);
    }
    try {
      return new LocalDirectoryBlobStore(dataDirectory.resolve("archive"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the local archive directory", e);
    }
  }

  private static GcsBlobStore openGcs(Config config) {
    String bucket =
        ArchiveSettings.GCS_BUCKET
            .readOptional(config)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        ArchiveSettings.GCS_BUCKET.key()
                            + " is required when "
                            + ArchiveSettings.STORE.key()
                            + "=gcs"));
    GoogleClientOptions client =
        GoogleClientOptions.of(
            ArchiveSettings.GCS_PROJECT_ID.readOptional(config),
            ArchiveSettings.GCS_HOST.readOptional(config),
            ArchiveSettings.GCS_TIMEOUT.read(config));
    String prefix = ArchiveSettings.GCS_PREFIX.read(config);
    long threshold = ArchiveSettings.GCS_RESUMABLE_THRESHOLD.read(config);
    // The start-up check uses its own short timeout so a slow endpoint cannot stall deployment.
    try (var probe = GoogleClients.storage(client.withTimeout(STARTUP_CHECK_TIMEOUT))) {
      new GcsBlobStore(probe, bucket, prefix, threshold)
          .checkBucket()
          .ifPresent(problem -> LOG.warning("Archive store: " + problem + "; uploads will retry"));
    } catch (Exception e) {
      LOG.warning("Archive store: bucket check failed: " + e);
    }
    return new GcsBlobStore(GoogleClients.storage(client), bucket, prefix, threshold);
  }

  @Override
  @Retry(
      maxRetries = 4,
      delay = 200,
      jitter = 100,
      maxDuration = 60_000,
      retryOn = TransientBlobStoreException.class)
  public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
    return store.putIfAbsent(object);
  }

  @Override
  @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = TransientBlobStoreException.class)
  public List<String> list(String prefix) throws BlobStoreException {
    return store.list(prefix);
  }

  @Override
  public String describe() {
    return store.describe();
  }
}
