package io.dataflow.metrics;

import java.util.EnumMap;
import java.util.Map;

/**
 * The message counters of one stage: received, published downstream, acked upstream, nacked,
 * dead-lettered, and the time the stage spends on a message. In-flight is what was received and has
 * not yet been settled (acked, nacked or dead-lettered). Thread-safe and cheap on the hot path; the
 * counts are the registered counters of {@code dataflow_stage_messages_total} once {@link
 * PipelineMetrics} bound them.
 */
public final class StageMetrics {
  /** The outcomes, as the {@code outcome} label. */
  public enum Outcome {
    RECEIVED("received"),
    PUBLISHED("published"),
    ACKED("acked"),
    NACKED("nacked"),
    DEAD_LETTERED("dead_lettered");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final String stage;
  private final Map<Outcome, Count> counts = new EnumMap<>(Outcome.class);
  private final Count received;
  private final Count published;
  private final Count acked;
  private final Count nacked;
  private final Count deadLettered;
  private final PipelineMetrics.Durations processing;

  public StageMetrics(String stage) {
    this(stage, PipelineMetrics.Durations.NONE);
  }

  StageMetrics(String stage, PipelineMetrics.Durations processing) {
    this.stage = stage;
    this.processing = processing;
    for (Outcome o : Outcome.values()) {
      counts.put(o, new Count());
    }
    received = counts.get(Outcome.RECEIVED);
    published = counts.get(Outcome.PUBLISHED);
    acked = counts.get(Outcome.ACKED);
    nacked = counts.get(Outcome.NACKED);
    deadLettered = counts.get(Outcome.DEAD_LETTERED);
  }

  Count count(Outcome outcome) {
    return counts.get(outcome);
  }

  public String stage() {
    return stage;
  }

  public void received() {
    received.inc();
  }

  /** Records the time spent on one message, from {@code startNanos} ({@link System#nanoTime}). */
  public void processed(long startNanos) {
    processing.recordNanos(System.nanoTime() - startNanos);
  }

  public void published() {
    published.inc();
  }

  public void acked() {
    acked.inc();
  }

  public void nacked() {
    nacked.inc();
  }

  public void deadLettered() {
    deadLettered.inc();
  }

  public long receivedCount() {
    return received.get();
  }

  public long publishedCount() {
    return published.get();
  }

  public long ackedCount() {
    return acked.get();
  }

  public long nackedCount() {
    return nacked.get();
  }

  public long deadLetteredCount() {
    return deadLettered.get();
  }

  /** Received and not yet settled; a dead-lettered message is settled by its ack. */
  public long inFlight() {
    return Math.max(0, received.get() - acked.get() - nacked.get());
  }
}
