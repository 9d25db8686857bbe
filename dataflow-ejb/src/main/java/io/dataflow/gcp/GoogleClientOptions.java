package io.dataflow.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.ServiceOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an adapter's Google client is built: which project, which endpoint, how long one request may
 * take, and how many attempts the client itself makes. {@link GoogleClients} turns it into the
 * client of each service, so the adapters state only what differs.
 *
 * @param projectId the project; empty: the client library's default (ADC, {@code
 *     GOOGLE_CLOUD_PROJECT})
 * @param endpoint where the client connects, and with which credentials
 * @param timeout the connect and read timeout of one HTTP request, or the deadline of one gRPC call
 *     with all its attempts
 * @param attempts attempts per call inside the client; 1 turns the client's own retries off, so the
 *     adapter's MicroProfile Fault Tolerance retry is the only one and attempts do not multiply
 */
public record GoogleClientOptions(
    Optional<String> projectId, GoogleEndpoint endpoint, Duration timeout, int attempts) {
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(50);
  private static final Duration MAX_RETRY_DELAY = Duration.ofMillis(500);

  public GoogleClientOptions {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(endpoint, "endpoint");
    // The timeout's bounds are the settings' to check, with a message naming the key.
    Objects.requireNonNull(timeout, "timeout");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
  }

  /** One attempt per call (the client's retries off) against the endpoint {@code host} names. */
  public static GoogleClientOptions of(
      Optional<String> projectId, Optional<String> host, Duration timeout) {
    return new GoogleClientOptions(projectId, GoogleEndpoint.of(host), timeout, 1);
  }

  public GoogleClientOptions withTimeout(Duration t) {
    return new GoogleClientOptions(projectId, endpoint, t, attempts);
  }

  /** The client retries a failed call itself, up to {@code n} attempts within the timeout. */
  public GoogleClientOptions withAttempts(int n) {
    return new GoogleClientOptions(projectId, endpoint, timeout, n);
  }

  /** The timeout in whole milliseconds, as the HTTP transport takes it. */
  int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /**
   * The client's retry settings: none with one attempt; else every attempt and the whole call
   * bounded by the timeout, 50 ms doubling to 500 ms between attempts.
   */
  RetrySettings retrySettings() {
    if (attempts == 1) {
      return ServiceOptions.getNoRetrySettings();
    }
    return RetrySettings.newBuilder()
        .setTotalTimeoutDuration(timeout)
        .setInitialRpcTimeoutDuration(timeout)
        .setMaxRpcTimeoutDuration(timeout)
        .setRpcTimeoutMultiplier(1.0)
        .setInitialRetryDelayDuration(FIRST_RETRY_DELAY)
        .setMaxRetryDelayDuration(MAX_RETRY_DELAY)
        .setRetryDelayMultiplier(2.0)
        .setMaxAttempts(attempts)
        .build();
  }
}
