package io.dataflow.bus.mqtt;

import java.time.Duration;

/**
 * When a message the pipeline nacked is offered again: {@code minDelay} times the attempt, at most
 * {@code maxDelay}. A nack is a transient failure downstream, so the message is retried for as long
 * as it lasts; it is never dropped. Separate from the reconnect delays, which pace connections.
 *
 * @param minDelay the delay after the first nack
 * @param maxDelay the longest delay
 */
public record NackRetryPolicy(Duration minDelay, Duration maxDelay) {
  public NackRetryPolicy {
    if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= minDelay <= maxDelay");
    }
  }

  /** The delay before attempt {@code attempt + 1}, after {@code attempt} deliveries were nacked. */
  public Duration delayAfter(int attempt) {
    Duration d = minDelay.multipliedBy(Math.max(1, attempt));
    return d.compareTo(maxDelay) > 0 || d.isNegative() ? maxDelay : d;
  }
}
