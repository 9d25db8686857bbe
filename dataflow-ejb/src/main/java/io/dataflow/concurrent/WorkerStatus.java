package io.dataflow.concurrent;

import java.time.Duration;

/**
 * One worker as the liveness check reports it.
 *
 * @param name the worker, e.g. {@code journal-raw} or {@code archive-writes}
 * @param state what it is doing
 * @param sinceProgress time since it last made progress (for a pool: the oldest write in flight
 *     when one is, else the last one that made progress)
 * @param reason why it is {@link State#DEAD} or {@link State#STALLED}; empty otherwise
 */
public record WorkerStatus(String name, State state, Duration sinceProgress, String reason) {
  /** What a worker is doing; the last two make the pod unhealthy. */
  public enum State {
    /** Work is pending and it made progress within the limit. */
    WORKING,
    /** Nothing is pending. */
    IDLE,
    /** Work is pending and it made no progress for longer than the limit. */
    STALLED,
    /** Its thread ended or its task failed, while it was not stopped. */
    DEAD
  }

  /** Whether this worker makes the pipeline unhealthy. */
  public boolean down() {
    return state == State.STALLED || state == State.DEAD;
  }
}
