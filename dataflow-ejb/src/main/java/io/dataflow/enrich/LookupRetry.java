package io.dataflow.enrich;

import io.dataflow.sink.batch.RetryBackoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a message whose device lookup failed waits for the next try. A failed lookup means a tier is
 * down or slow (an unknown device is an answer, not a failure), so it is tried again, doubling the
 * wait up to a cap, for as long as the outage lasts: the message holds its in-flight slot, so the
 * stage pushes back on the bus instead of dead-lettering live traffic.
 *
 * @param backoff the waits between tries
 * @param delay completes after the given wait; {@code null} means "do not retry, nack" (a stopped
 *     stage, or a test of the nack)
 */
public record LookupRetry(RetryBackoff backoff, Delay delay) {
  /** No retry: a failed lookup nacks the message at once, and the bus redelivers it. */
  public static final LookupRetry NACK = new LookupRetry(null, null);

  /** Completes after a wait. */
  @FunctionalInterface
  public interface Delay {
    CompletionStage<Void> after(Duration wait);

    /** Completes at once: for tests, where no time must pass. */
    Delay NONE = wait -> CompletableFuture.completedFuture(null);
  }

  boolean retries() {
    return delay != null;
  }
}
