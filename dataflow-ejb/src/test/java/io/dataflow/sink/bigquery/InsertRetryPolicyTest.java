package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InsertRetryPolicyTest {
  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void throttlingAndServerErrorsAreTransient(int code) {
    assertThat(InsertRetryPolicy.isTransient(new BigQueryException(code, "x"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409})
  void clientErrorsAreNotTransient(int code) {
    assertThat(InsertRetryPolicy.isTransient(new BigQueryException(code, "x"))).isFalse();
  }

  @Test
  void aRateLimitReasonIsTransientWhateverTheCode() {
    BigQueryException e =
        new BigQueryException(
            403, "quota", new BigQueryError("rateLimitExceeded", "", "slow down"));
    assertThat(InsertRetryPolicy.isTransient(e)).isTrue();
  }

  @Test
  void timeoutsAndConnectionErrorsAreTransient() {
    assertThat(
            InsertRetryPolicy.isTransient(
                new BigQueryException(new SocketTimeoutException("read"))))
        .isTrue();
    assertThat(
            InsertRetryPolicy.isTransient(new BigQueryException(new ConnectException("refused"))))
        .isTrue();
    assertThat(
            InsertRetryPolicy.isTransient(
                new BigQueryException(0, "t", new InterruptedException())))
        .isTrue();
    assertThat(InsertRetryPolicy.isTransient(new SQLTimeoutException("lock timeout"))).isTrue();
  }

  @Test
  void otherFailuresAreNotTransient() {
    assertThat(InsertRetryPolicy.isTransient(new IOException("disk full"))).isFalse();
    assertThat(InsertRetryPolicy.isTransient(new SQLException("syntax"))).isFalse();
    assertThat(InsertRetryPolicy.isTransient(new IllegalStateException())).isFalse();
  }

  @Test
  void rowReasonsSplitIntoRetryAndDeadLetter() {
    assertThat(InsertRetryPolicy.isRowRetryable("stopped")).isTrue();
    assertThat(InsertRetryPolicy.isRowRetryable("backendError")).isTrue();
    assertThat(InsertRetryPolicy.isRowRetryable("invalid")).isFalse();
    assertThat(InsertRetryPolicy.isRowRetryable(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UNAVAILABLE",
        "DEADLINE_EXCEEDED",
        "RESOURCE_EXHAUSTED",
        "INTERNAL",
        "ABORTED",
        "CANCELLED"
      })
  void storageWriteStatusesOfABrokenConnectionOrThrottlingAreTransient(String code) {
    io.grpc.StatusRuntimeException e =
        io.grpc.Status.Code.valueOf(code).toStatus().asRuntimeException();
    assertThat(InsertRetryPolicy.isTransient(e)).isTrue();
    assertThat(InsertRetryPolicy.isRecordFailure(e)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PERMISSION_DENIED", "NOT_FOUND", "INVALID_ARGUMENT"})
  void storageWriteRefusalsAreNotTransient(String code) {
    io.grpc.StatusRuntimeException e =
        io.grpc.Status.Code.valueOf(code).toStatus().asRuntimeException();
    assertThat(InsertRetryPolicy.isTransient(e)).isFalse();
  }
}
