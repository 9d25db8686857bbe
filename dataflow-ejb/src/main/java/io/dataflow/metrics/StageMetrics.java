package io.dataflow.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The message counters of one stage: received, published downstream, acked upstream, nacked,
 * dead-lettered. In-flight is what was received and has not yet been settled (acked, nacked or
 * dead-lettered). Thread-safe and cheap on the hot path.
 */
public final class StageMetrics {
  private final String stage;
  private final LongAdder received = new LongAdder();
  private final LongAdder published = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder nacked = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();

  public StageMetrics(String stage) {
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }

  public void received() {
    received.increment();
  }

  public void published() {
    published.increment();
  }

  public void acked() {
    acked.increment();
  }

  public void nacked() {
    nacked.increment();
  }

  public void deadLettered() {
    deadLettered.increment();
  }

  public long receivedCount() {
    return received.sum();
  }

  public long publishedCount() {
    return published.sum();
  }

  public long ackedCount() {
    return acked.sum();
  }

  public long nackedCount() {
    return nacked.sum();
  }

  public long deadLetteredCount() {
    return deadLettered.sum();
  }

  /** Received and not yet settled; a dead-lettered message is settled by its ack. */
  public long inFlight() {
    return Math.max(0, received.sum() - acked.sum() - nacked.sum());
  }
}
