package io.dataflow.sink.archive;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Retries transient upload failures ({@link TransientBlobStoreException}, as classified by {@link
 * UploadRetryPolicy}) promptly with a jittered delay; other failures are not retried. A batch whose
 * retries run out is tried again later by {@link ArchiveUploader}, with its own backoff, so nothing
 * is dropped. Tune with the MicroProfile Fault Tolerance keys, e.g. {@code
 * io.dataflow.sink.archive.FaultTolerantUploads/putIfAbsent/Retry/maxRetries=8}.
 */
@ApplicationScoped
@StageComponent(Stage.ARCHIVE)
public class FaultTolerantUploads implements UploadInvoker {
  @Override
  @Retry(
      maxRetries = 4,
      delay = 200,
      jitter = 100,
      maxDuration = 60_000,
      retryOn = TransientBlobStoreException.class)
  public BlobStore.Outcome putIfAbsent(BlobStore store, ArchiveObject object)
      throws BlobStoreException {
    return store.putIfAbsent(object);
  }
}
