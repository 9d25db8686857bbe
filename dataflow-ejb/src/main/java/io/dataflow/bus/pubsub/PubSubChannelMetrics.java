package io.dataflow.bus.pubsub;

import io.dataflow.metrics.PipelineMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The figures of one Pub/Sub channel: messages outstanding (incoming: received and not yet acked or
 * nacked; outgoing: publishes awaiting Pub/Sub's answer) and their bytes, acks and nacks, and for
 * outgoing channels the publish latency. Published as {@code dataflow.pubsub.*} gauges tagged with
 * the channel and direction.
 */
final class PubSubChannelMetrics {
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong outstandingBytes = new AtomicLong();
  private final LongAdder acks = new LongAdder();
  private final LongAdder nacks = new LongAdder();
  private final LongAdder publishes = new LongAdder();
  private final LongAdder publishNanos = new LongAdder();

  void started(long bytes) {
    outstanding.incrementAndGet();
    outstandingBytes.addAndGet(bytes);
  }

  void acked(long bytes) {
    acks.increment();
    settled(bytes);
  }

  void nacked(long bytes) {
    nacks.increment();
    settled(bytes);
  }

  void publishLatency(long nanos) {
    publishes.increment();
    publishNanos.add(nanos);
  }

  long outstanding() {
    return outstanding.get();
  }

  long outstandingBytes() {
    return outstandingBytes.get();
  }

  long acks() {
    return acks.sum();
  }

  long nacks() {
    return nacks.sum();
  }

  /** Mean publish latency since start, in milliseconds (0 before the first publish). */
  double meanPublishLatencyMillis() {
    long n = publishes.sum();
    return n == 0 ? 0 : publishNanos.sum() / 1e6 / n;
  }

  /** Registers the gauges; {@code direction} is {@code incoming} or {@code outgoing}. */
  void register(PipelineMetrics metrics, String channel, String direction) {
    Tag c = new Tag("channel", channel);
    Tag d = new Tag("direction", direction);
    metrics.gauge(
        "dataflow.pubsub.outstanding.messages",
        "Messages received and not settled (incoming) or publishes awaiting an answer (outgoing)",
        MetricUnits.NONE,
        this::outstanding,
        c,
        d);
    metrics.gauge(
        "dataflow.pubsub.outstanding.bytes",
        "Bytes of the outstanding messages",
        MetricUnits.BYTES,
        this::outstandingBytes,
        c,
        d);
    String settled = "dataflow.pubsub.messages";
    String description = "Messages settled, by outcome (monotonic)";
    metrics.gauge(
        settled, description, MetricUnits.NONE, this::acks, c, d, new Tag("outcome", "acked"));
    metrics.gauge(
        settled, description, MetricUnits.NONE, this::nacks, c, d, new Tag("outcome", "nacked"));
    if (direction.equals("outgoing")) {
      metrics.gauge(
          "dataflow.pubsub.publish.latency.mean",
          "Mean time from publish to Pub/Sub's answer, batching delay included",
          MetricUnits.MILLISECONDS,
          this::meanPublishLatencyMillis,
          c);
      metrics.gauge(
          "dataflow.pubsub.publish.latency.total",
          "Sum of publish latencies (divide its rate by the rate of published messages)",
          MetricUnits.SECONDS,
          () -> publishNanos.sum() / 1e9,
          c);
    }
  }

  private void settled(long bytes) {
    outstanding.decrementAndGet();
    outstandingBytes.addAndGet(-bytes);
  }
}
