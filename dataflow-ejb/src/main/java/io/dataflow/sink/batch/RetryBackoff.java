package io.dataflow.sink.batch;

import java.time.Duration;

/**
 * How long a batch whose write failed waits before the next try: doubling from {@code first} up to
 * {@code max}. The waiting itself is a {@link Pause}, so tests do not sleep.
 *
 * @param first the wait after the first failure
 * @param max the longest wait
 */
public record RetryBackoff(Duration first, Duration max) {
  /** Waits; the real one sleeps. */
  @FunctionalInterface
  public interface Pause {
    Pause SLEEP = d -> Thread.sleep(d.toMillis());

    void pause(Duration duration) throws InterruptedException;
  }

  /** The wait after the given number of failed tries (1-based). */
  public Duration delay(int failures) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
