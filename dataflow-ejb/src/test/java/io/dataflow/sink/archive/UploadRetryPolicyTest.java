package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import io.dataflow.sink.batch.RetryBackoff;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UploadRetryPolicyTest {
  @Test
  void serverErrorsThrottlingAndTimeoutsAreTransient() {
    for (int code : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(UploadRetryPolicy.isTransient(new StorageException(code, "x")))
          .as("%d", code)
          .isTrue();
    }
    assertThat(UploadRetryPolicy.isTransient(new SocketTimeoutException("read timed out")))
        .isTrue();
    assertThat(UploadRetryPolicy.isTransient(new StorageException(new IOException("reset"))))
        .isTrue();
  }

  @Test
  void everyIoFailureOfTheStoreIsTransient() {
    // A full disk under the local directory store clears up; unlike a BigQuery insert's.
    assertThat(UploadRetryPolicy.isTransient(new IOException("No space left on device"))).isTrue();
  }

  @Test
  void theStoresOwnExceptionTypeDecidesBeforeItsCause() {
    assertThat(
            UploadRetryPolicy.isTransient(
                new BlobStoreException("denied", new StorageException(503, "x"))))
        .isFalse();
    assertThat(
            UploadRetryPolicy.isTransient(
                new TransientBlobStoreException("busy", new StorageException(403, "x"))))
        .isTrue();
  }

  @Test
  void clientErrorsAreNotTransient() {
    for (int code : new int[] {400, 401, 403, 404}) {
      assertThat(UploadRetryPolicy.isTransient(new StorageException(code, "x")))
          .as("%d", code)
          .isFalse();
    }
    assertThat(UploadRetryPolicy.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void classifyTypesTheExceptionForTheRetryAnnotation() {
    assertThat(UploadRetryPolicy.classify("upload", new StorageException(503, "busy")))
        .isInstanceOf(TransientBlobStoreException.class)
        .hasMessageContaining("upload");
    assertThat(UploadRetryPolicy.classify("upload", new StorageException(403, "denied")))
        .isNotInstanceOf(TransientBlobStoreException.class);
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    RetryBackoff b = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.delay(500)).isEqualTo(Duration.ofSeconds(10));
  }
}
