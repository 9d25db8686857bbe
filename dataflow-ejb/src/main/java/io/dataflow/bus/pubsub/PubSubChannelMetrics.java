package io.dataflow.bus.pubsub;

import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The figures of one Pub/Sub channel: messages outstanding (incoming: received and not yet acked or
 * nacked; outgoing: publishes awaiting Pub/Sub's answer) and their bytes, acks and nacks, and for
 * outgoing channels the publish latency. Published as {@code dataflow_pubsub_*} metrics tagged with
 * the channel and direction: outstanding messages and bytes are gauges, acks and nacks the counter
 * {@code dataflow_pubsub_messages_total{outcome}}, publish latency the timer {@code
 * dataflow_pubsub_publish_duration_seconds}.
 */
final class PubSubChannelMetrics {
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong outstandingBytes = new AtomicLong();
  private final Count acks = new Count();
  private final Count nacks = new Count();
  private volatile PipelineMetrics.Durations publishDurations = PipelineMetrics.Durations.NONE;
  private final LongAdder publishes = new LongAdder();
  private final LongAdder publishNanos = new LongAdder();

  void started(long bytes) {
    outstanding.incrementAndGet();
    outstandingBytes.addAndGet(bytes);
  }

  void acked(long bytes) {
    acks.inc();
    settled(bytes);
  }

  void nacked(long bytes) {
    nacks.inc();
    settled(bytes);
  }

  void publishLatency(long nanos) {
    publishes.increment();
    publishNanos.add(nanos);
    publishDurations.recordNanos(nanos);
  }

  long outstanding() {
    return outstanding.get();
  }

  long outstandingBytes() {
    return outstandingBytes.get();
  }

  long acks() {
    return acks.get();
  }

  long nacks() {
    return nacks.get();
  }

  /** Mean publish latency since start, in milliseconds (0 before the first publish). */
  double meanPublishLatencyMillis() {
    long n = publishes.sum();
    return n == 0 ? 0 : publishNanos.sum() / 1e6 / n;
  }

  /** Registers the metrics; {@code direction} is {@code incoming} or {@code outgoing}. */
  void register(PipelineMetrics metrics, String channel, String direction) {
    Tag c = new Tag("channel", channel);
    Tag d = new Tag("direction", direction);
    metrics.gauge(MetricCatalog.PUBSUB_OUTSTANDING, this::outstanding, c, d);
    metrics.gauge(MetricCatalog.PUBSUB_OUTSTANDING_BYTES, this::outstandingBytes, c, d);
    metrics.bind(acks, MetricCatalog.PUBSUB_MESSAGES, c, d, new Tag("outcome", "acked"));
    metrics.bind(nacks, MetricCatalog.PUBSUB_MESSAGES, c, d, new Tag("outcome", "nacked"));
    if (direction.equals("outgoing")) {
      publishDurations = metrics.timer(MetricCatalog.PUBSUB_PUBLISH, c);
    }
  }

  private void settled(long bytes) {
    outstanding.decrementAndGet();
    outstandingBytes.addAndGet(-bytes);
  }
}
