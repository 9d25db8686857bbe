package io.dataflow.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.BaseServiceException;
import com.google.cloud.grpc.BaseGrpcServiceException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The one classifier of transient failures of Google clients: which HTTP and gRPC statuses, and
 * which network failures, say "the same request may succeed if sent again". Each adapter keeps its
 * own decision ({@code UploadRetryPolicy}, {@code InsertRetryPolicy}, in Beam's {@code
 * InsertRetryPolicy} shape): it passes a {@link Rule} for its own exception types, which is asked
 * first at every link of the cause chain. The backoff is not decided here.
 */
public final class TransientFailures {
  /** HTTP statuses that mean "try again": timeout, throttled and server-side errors. */
  static final Set<Integer> TRANSIENT_HTTP_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  /**
   * gRPC codes that mean "try again": those whose HTTP mapping is in {@link
   * #TRANSIENT_HTTP_STATUSES}, except {@code DATA_LOSS} (corruption is not cured by asking again).
   */
  static final Set<StatusCode.Code> TRANSIENT_GRPC_CODES =
      Collections.unmodifiableSet(
          EnumSet.of(
              StatusCode.Code.UNKNOWN,
              StatusCode.Code.DEADLINE_EXCEEDED,
              StatusCode.Code.RESOURCE_EXHAUSTED,
              StatusCode.Code.INTERNAL,
              StatusCode.Code.UNAVAILABLE));

  /** What one link of a cause chain says. */
  public enum Verdict {
    TRANSIENT,
    PERMANENT,
    /** This link does not decide; the next cause is asked. */
    UNDECIDED
  }

  /** An adapter's own verdict on one link of the cause chain, asked before the shared one. */
  @FunctionalInterface
  public interface Rule {
    Rule NONE = t -> Verdict.UNDECIDED;

    Verdict of(Throwable link);
  }

  private TransientFailures() {}

  /** Whether an HTTP status is transient. */
  public static boolean isTransientStatus(int httpStatus) {
    return TRANSIENT_HTTP_STATUSES.contains(httpStatus);
  }

  /**
   * Whether a Google service refused the request for what it carries, so that sending the same
   * again can never succeed: INVALID_ARGUMENT (a message or attribute too large, a value it does
   * not take) anywhere in the cause chain.
   */
  public static boolean isRefusedForGood(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof ApiException api
          && api.getStatusCode().getCode() == StatusCode.Code.INVALID_ARGUMENT) {
        return true;
      }
    }
    return false;
  }

  /** Whether a gRPC status code is transient. */
  public static boolean isTransientStatus(StatusCode.Code grpcCode) {
    return TRANSIENT_GRPC_CODES.contains(grpcCode);
  }

  /**
   * Whether the failure is transient: the first link of its cause chain with a verdict decides, the
   * adapter's {@code rule} being asked before {@link #verdict}. No verdict: not transient.
   */
  public static boolean isTransient(Throwable failure, Rule rule) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      Verdict v = rule.of(t);
      if (v == Verdict.UNDECIDED) {
        v = verdict(t, t != failure);
      }
      if (v != Verdict.UNDECIDED) {
        return v == Verdict.TRANSIENT;
      }
    }
    return false;
  }

  /**
   * The shared verdict on one link: a Google service's answer decides by its status (a status code
   * 0 means no answer, and the cause decides); a timeout, a refused or reset connection is
   * transient.
   *
   * @param isCause whether the link is a cause rather than the failure itself
   */
  static Verdict verdict(Throwable t, boolean isCause) {
    if (t instanceof ApiException api) {
      return isTransientStatus(api.getStatusCode().getCode())
          ? Verdict.TRANSIENT
          : Verdict.PERMANENT;
    }
    if (t instanceof BaseGrpcServiceException) {
      // Its code is a gRPC code number, not an HTTP status; its ApiException cause decides.
      return Verdict.UNDECIDED;
    }
    if (t instanceof BaseServiceException e && e.getCode() > 0) {
      return isTransientStatus(e.getCode()) ? Verdict.TRANSIENT : Verdict.PERMANENT;
    }
    // The HTTP clients (gax 2.74, google-http-client 2.1) report a read timeout as a service
    // exception caused by an InterruptedException; the calling thread is not interrupted.
    if (isCause && t instanceof InterruptedException) {
      return Verdict.TRANSIENT;
    }
    if (t instanceof InterruptedIOException // includes SocketTimeoutException
        || t instanceof ConnectException
        || t instanceof SocketException) {
      return Verdict.TRANSIENT;
    }
    return Verdict.UNDECIDED;
  }
}
