package io.dataflow.demo;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the demo traffic, from Start to Stop: each {@link #tick()} (ten a second) publishes
 * the messages due at the steady rate. A message the publisher cannot take now (not connected, or
 * its window of unacknowledged messages full) is skipped, not queued, so nothing piles up and the
 * rate stays what it says. Ticked by one thread; the figures may be read from any.
 */
public final class DemoRun {
  /** How often {@link #tick()} is called. */
  public static final int TICKS_PER_SECOND = 10;

  private final DemoFleet fleet;
  private final DemoPublisher publisher;
  private final int ratePerSecond;
  private final Instant startedAt;
  private final String startedBy;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private long ticks;

  public DemoRun(
      DemoFleet fleet,
      DemoPublisher publisher,
      int ratePerSecond,
      Instant startedAt,
      String startedBy) {
    this.fleet = fleet;
    this.publisher = publisher;
    this.ratePerSecond = ratePerSecond;
    this.startedAt = startedAt;
    this.startedBy = startedBy;
  }

  /** Publishes the messages due in this tenth of a second. */
  public void tick() {
    int due = due(ticks++, ratePerSecond);
    for (int i = 0; i < due; i++) {
      if (publisher.publish(fleet.next())) {
        sent.incrementAndGet();
      } else {
        skipped.incrementAndGet();
      }
    }
  }

  /**
   * Messages due in tick {@code tick} (from 0) at {@code rate} per second: spread evenly, so that
   * any ten consecutive ticks publish exactly {@code rate}.
   */
  static int due(long tick, int rate) {
    return (int) ((tick + 1) * rate / TICKS_PER_SECOND - tick * rate / TICKS_PER_SECOND);
  }

  public DemoPublisher publisher() {
    return publisher;
  }

  public int ratePerSecond() {
    return ratePerSecond;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public String startedBy() {
    return startedBy;
  }

  /** Messages handed to the publisher. */
  public long sent() {
    return sent.get();
  }

  /** Messages due but not taken by the publisher. */
  public long skipped() {
    return skipped.get();
  }
}
