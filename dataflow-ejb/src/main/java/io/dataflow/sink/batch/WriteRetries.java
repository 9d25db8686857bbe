package io.dataflow.sink.batch;

import io.dataflow.concurrent.TrackedExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sinks' patience: a write that fails is tried again after a {@link RetryBackoff} wait, for as
 * long as it fails, while its batch stays pending and its messages unacked (the batcher's pending
 * bounds turn a long outage into backpressure, never into dead letters). Only once {@link
 * #giveUpAt} is set, at shutdown, does a failure past that deadline end the write, so that the
 * batcher nacks the messages and the bus redelivers them after the restart.
 *
 * <p>Every attempt, and the wait before the next, is progress of the write for {@code /health/live}
 * ({@link TrackedExecutor#progress()}): an outage is waited out, not a reason to restart; only a
 * write stuck inside one attempt is.
 */
public final class WriteRetries {
  /** One try of the write. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  /** Told of each failure before the wait, to log it and record the writer's health. */
  @FunctionalInterface
  public interface FailureListener {
    void failed(Exception failure, int failures, Duration nextTryIn);
  }

  private final RetryBackoff backoff;
  private final RetryBackoff.Pause pause;
  private final Clock clock;
  private volatile Instant giveUpAt;

  public WriteRetries(RetryBackoff backoff, RetryBackoff.Pause pause, Clock clock) {
    this.backoff = backoff;
    this.pause = pause;
    this.clock = clock;
  }

  /** From now on, a failure after {@code deadline} ends the write instead of waiting to retry. */
  public void giveUpAt(Instant deadline) {
    this.giveUpAt = deadline;
  }

  /** Runs the attempt until it succeeds, or fails past the shutdown deadline. */
  public <T> T untilDone(Attempt<T> attempt, FailureListener listener) throws Exception {
    for (int failures = 1; ; failures++) {
      TrackedExecutor.progress();
      try {
        return attempt.run();
      } catch (Exception e) {
        Instant now = clock.instant();
        Instant deadline = giveUpAt;
        if (deadline != null && !now.isBefore(deadline)) {
          throw e;
        }
        Duration wait = backoff.delay(failures);
        if (deadline != null && Duration.between(now, deadline).compareTo(wait) < 0) {
          wait = Duration.between(now, deadline);
        }
        listener.failed(e, failures, wait);
        TrackedExecutor.pausing(wait);
        pause.pause(wait);
      }
    }
  }
}
