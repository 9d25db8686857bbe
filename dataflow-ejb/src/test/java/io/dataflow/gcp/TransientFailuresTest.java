package io.dataflow.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.grpc.BaseGrpcServiceException;
import com.google.cloud.storage.StorageException;
import io.dataflow.gcp.TransientFailures.Rule;
import io.dataflow.gcp.TransientFailures.Verdict;
import io.grpc.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransientFailuresTest {
  private static boolean isTransient(Throwable t) {
    return TransientFailures.isTransient(t, Rule.NONE);
  }

  private static ApiException grpc(StatusCode.Code code) {
    return ApiExceptionFactory.createException(
        new RuntimeException(code.name()),
        GrpcStatusCode.of(Status.Code.valueOf(code.name())),
        false);
  }

  /** What FirestoreException is: a service exception whose code is the gRPC code number. */
  private static final class GrpcServiceFailure extends BaseGrpcServiceException {
    GrpcServiceFailure(ApiException cause) {
      super(cause);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void timeoutThrottlingAndServerErrorStatusesAreTransient(int status) {
    assertThat(TransientFailures.isTransientStatus(status)).isTrue();
    assertThat(isTransient(new StorageException(status, "gcs"))).isTrue();
    assertThat(isTransient(new BigQueryException(status, "bigquery"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 412, 501})
  void clientErrorStatusesAreNotTransient(int status) {
    assertThat(TransientFailures.isTransientStatus(status)).isFalse();
    assertThat(isTransient(new StorageException(status, "gcs"))).isFalse();
    assertThat(isTransient(new BigQueryException(status, "bigquery"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = StatusCode.Code.class,
      names = {"UNKNOWN", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE"})
  void grpcCodesOfTransientHttpStatusesAreTransient(StatusCode.Code code) {
    assertThat(TransientFailures.isTransientStatus(code)).isTrue();
    assertThat(TransientFailures.isTransientStatus(code.getHttpStatusCode())).isTrue();
    assertThat(isTransient(grpc(code))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = StatusCode.Code.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"UNKNOWN", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE"})
  void otherGrpcCodesAreNotTransient(StatusCode.Code code) {
    assertThat(TransientFailures.isTransientStatus(code)).isFalse();
    assertThat(isTransient(grpc(code))).isFalse();
  }

  @Test
  void dataLossIsNotTransientAlthoughItMapsToHttp500() {
    assertThat(StatusCode.Code.DATA_LOSS.getHttpStatusCode()).isEqualTo(500);
    assertThat(isTransient(grpc(StatusCode.Code.DATA_LOSS))).isFalse();
  }

  @Test
  void aGrpcServiceExceptionIsDecidedByItsStatusNotItsCodeNumber() {
    // UNAVAILABLE is gRPC code 14, which is no HTTP status; NOT_FOUND is 5.
    assertThat(isTransient(new GrpcServiceFailure(grpc(StatusCode.Code.UNAVAILABLE)))).isTrue();
    assertThat(isTransient(new GrpcServiceFailure(grpc(StatusCode.Code.NOT_FOUND)))).isFalse();
    assertThat(isTransient(new ExecutionException(grpc(StatusCode.Code.DEADLINE_EXCEEDED))))
        .isTrue();
  }

  @Test
  void timeoutsAndRefusedOrResetConnectionsAreTransient() {
    assertThat(isTransient(new SocketTimeoutException("read timed out"))).isTrue();
    assertThat(isTransient(new ConnectException("refused"))).isTrue();
    assertThat(isTransient(new SocketException("connection reset"))).isTrue();
    assertThat(isTransient(new BigQueryException(new SocketTimeoutException("read")))).isTrue();
  }

  @Test
  void withoutAnAnswerTheCauseDecides() {
    assertThat(isTransient(new StorageException(0, "no answer", new ConnectException("refused"))))
        .isTrue();
    assertThat(isTransient(new StorageException(0, "no answer", new IllegalStateException())))
        .isFalse();
  }

  @Test
  void anInterruptedExceptionIsAClientTimeoutOnlyAsACause() {
    assertThat(isTransient(new BigQueryException(0, "t", new InterruptedException()))).isTrue();
    assertThat(isTransient(new InterruptedException())).isFalse();
  }

  @Test
  void otherFailuresAreNotTransient() {
    assertThat(isTransient(new IOException("disk full"))).isFalse();
    assertThat(isTransient(new IllegalStateException("bug"))).isFalse();
    assertThat(isTransient(null)).isFalse();
  }

  @Test
  void theAdaptersRuleIsAskedFirstAtEveryLink() {
    Exception wrapped =
        new IllegalArgumentException("adapter says no", new StorageException(503, "x"));
    Rule refuseArguments =
        t -> t instanceof IllegalArgumentException ? Verdict.PERMANENT : Verdict.UNDECIDED;
    Rule retryDiskFull = t -> t instanceof IOException ? Verdict.TRANSIENT : Verdict.UNDECIDED;

    assertThat(isTransient(wrapped)).isTrue();
    assertThat(TransientFailures.isTransient(wrapped, refuseArguments)).isFalse();
    assertThat(TransientFailures.isTransient(new IOException("disk full"), retryDiskFull)).isTrue();
  }

  @Test
  void aCyclicCauseChainEnds() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(isTransient(a)).isFalse();
  }
}
