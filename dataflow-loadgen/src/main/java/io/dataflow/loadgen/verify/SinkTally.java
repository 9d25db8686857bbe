package io.dataflow.loadgen.verify;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the copies of each expected message found in one sink, and the latencies of those copies.
 * Memory is one int per sent message.
 */
public final class SinkTally {
  private final Expectation expectation;
  private final Map<Expectation.Stream, int[]> counts = new HashMap<>();
  private final Latency receiptToWrite = new Latency();
  private final Latency publishToReceipt = new Latency();
  private long recognized;
  private long unexpected;

  public SinkTally(Expectation expectation) {
    this.expectation = expectation;
  }

  /** Records one copy found in the sink. */
  public void record(Observation o) {
    recognized++;
    Expectation.Stream s = expectation.stream(o.key());
    if (s == null) {
      unexpected++;
      return;
    }
    counts.computeIfAbsent(s, x -> new int[(int) s.sent() + 1])[(int) o.key().seq()]++;
    if (o.receivedAt() != null && o.writtenAt() != null) {
      receiptToWrite.add(micros(Duration.between(o.receivedAt(), o.writtenAt())));
    }
    if (o.receivedAt() != null && o.publishedAtMillis() > 0) {
      long received = o.receivedAt().getEpochSecond() * 1_000_000 + o.receivedAt().getNano() / 1000;
      publishToReceipt.add(received - o.publishedAtMillis() * 1000);
    }
  }

  /** Copies of a message found: 0 if none. */
  public int count(Expectation.Stream s, long seq) {
    int[] c = counts.get(s);
    return c == null ? 0 : c[(int) seq];
  }

  /** Records of generated messages seen (expected or not). */
  public long recognized() {
    return recognized;
  }

  /** Records of generated messages that no given run sent (other runs, or beyond what was sent). */
  public long unexpected() {
    return unexpected;
  }

  public Latency receiptToWrite() {
    return receiptToWrite;
  }

  public Latency publishToReceipt() {
    return publishToReceipt;
  }

  private static long micros(Duration d) {
    return d.getSeconds() * 1_000_000 + d.getNano() / 1000;
  }
}
