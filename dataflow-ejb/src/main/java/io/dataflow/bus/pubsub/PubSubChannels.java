package io.dataflow.bus.pubsub;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens and closes the sources and sinks of {@code dataflow-pubsub} channels and reports their
 * health. Plain Java, so tests drive it without a container; {@link PubSubConnector} is the CDI
 * facade. One {@link PubSubTransport} per emulator host (or one for the real service) is shared by
 * the channels.
 */
final class PubSubChannels implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PubSubChannels.class.getName());
  private final PipelineMetrics metrics;
  private final DeadLetterSink deadLetters;
  private final Clock clock;
  private final ThreadFactory threads;
  private final Map<Optional<String>, PubSubTransport> transports = new ConcurrentHashMap<>();
  private final List<PubSubSource> sources = new CopyOnWriteArrayList<>();
  private final List<PubSubSink> sinks = new CopyOnWriteArrayList<>();
  private final List<PubSubChannelOptions> opened = new CopyOnWriteArrayList<>();

  PubSubChannels(
      PipelineMetrics metrics, DeadLetterSink deadLetters, Clock clock, ThreadFactory threads) {
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.threads = threads;
  }

  /** Creates the topic when asked to, and the batching publisher of an outgoing channel. */
  PubSubSink openSink(PubSubChannelOptions o) {
    PubSubTransport transport = transport(o);
    if (o.createTopics()) {
      new PubSubProvisioner(transport, o.startupTimeout()).ensureTopic(o.topicPath());
    }
    Publisher publisher;
    try {
      publisher =
          transport
              .publisher(o.topicPath())
              .setBatchingSettings(
                  BatchingSettings.newBuilder()
                      .setElementCountThreshold(o.batchMaxMessages())
                      .setRequestByteThreshold(o.batchMaxBytes())
                      .setDelayThresholdDuration(o.batchDelay())
                      .build())
              .setEnableMessageOrdering(o.orderingByDevice())
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the publisher of " + o.topicPath(), e);
    }
    PubSubChannelMetrics m = new PubSubChannelMetrics();
    m.register(metrics, o.channel(), "outgoing");
    PubSubSink sink = new PubSubSink(o, publisher, m);
    sinks.add(sink);
    opened.add(o);
    LOG.info(
        () ->
            "Pub/Sub channel "
                + o.channel()
                + " publishes to "
                + o.topicPath()
                + " on "
                + transport.describe());
    return sink;
  }

  /**
   * Creates the topic and subscription when asked to, and starts the streaming-pull subscriber of
   * an incoming channel.
   */
  PubSubSource openSource(PubSubChannelOptions o) {
    PubSubTransport transport = transport(o);
    if (o.createTopics()) {
      PubSubProvisioner provisioner = new PubSubProvisioner(transport, o.startupTimeout());
      provisioner.ensureTopic(o.topicPath());
      o.deadLetterTopicPath().ifPresent(provisioner::ensureTopic);
      provisioner.ensureSubscription(o);
    }
    PubSubChannelMetrics m = new PubSubChannelMetrics();
    m.register(metrics, o.channel(), "incoming");
    PubSubSource source = new PubSubSource(o, deadLetters, clock, m, threads);
    source.start(
        receiver ->
            transport
                .subscriber(o.subscriptionPath(), receiver)
                .setFlowControlSettings(
                    FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount(o.maxOutstandingMessages())
                        .setMaxOutstandingRequestBytes(o.maxOutstandingBytes())
                        .setLimitExceededBehavior(FlowController.LimitExceededBehavior.Block)
                        .build())
                .setMaxAckExtensionPeriodDuration(o.maxAckExtensionPeriod())
                .setMaxDurationPerAckExtensionDuration(o.maxDurationPerAckExtension())
                .setParallelPullCount(o.parallelPullCount())
                .setSubscriberShutdownSettings(
                    SubscriberShutdownSettings.newBuilder()
                        .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
                        .setTimeout(o.startupTimeout())
                        .build())
                .build());
    sources.add(source);
    opened.add(o);
    LOG.info(
        () ->
            "Pub/Sub channel "
                + o.channel()
                + " pulls from "
                + o.subscriptionPath()
                + " on "
                + transport.describe());
    return source;
  }

  /** The status of every channel opened so far. */
  List<PubSubChannelStatus> status() {
    List<PubSubChannelStatus> all = new ArrayList<>();
    sources.forEach(s -> all.add(s.status()));
    sinks.forEach(s -> all.add(s.status()));
    return all;
  }

  /** Stops the sources first (no new work), then flushes the sinks, then closes the transports. */
  @Override
  public void close() {
    long timeout =
        opened.stream().mapToLong(o -> o.startupTimeout().toMillis()).max().orElse(10_000);
    sources.forEach(s -> s.close(timeout));
    for (PubSubSink sink : sinks) {
      try {
        sink.close(timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Closing a Pub/Sub publisher failed", e);
      }
    }
    transports.values().forEach(PubSubTransport::close);
    transports.clear();
  }

  private PubSubTransport transport(PubSubChannelOptions o) {
    return transports.computeIfAbsent(o.emulatorHost(), PubSubTransport::forHost);
  }
}
