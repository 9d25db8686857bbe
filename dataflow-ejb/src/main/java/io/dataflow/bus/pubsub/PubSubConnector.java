package io.dataflow.bus.pubsub;

import io.dataflow.bus.ChannelStage;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.StageSelection;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.spi.IncomingConnectorFactory;
import org.eclipse.microprofile.reactive.messaging.spi.OutgoingConnectorFactory;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;
import org.eclipse.microprofile.reactive.streams.operators.SubscriberBuilder;

/**
 * Connector {@code dataflow-pubsub}: a thin facade that opens one {@link PubSubSource} per incoming
 * channel and one {@link PubSubSink} per outgoing channel through {@link PubSubChannels}. An
 * incoming channel whose {@code stage} is off in this server does not subscribe.
 */
@ApplicationScoped
@Connector(PubSubConnector.NAME)
public class PubSubConnector implements IncomingConnectorFactory, OutgoingConnectorFactory {
  public static final String NAME = "dataflow-pubsub";
  private static final Logger LOG = Logger.getLogger(PubSubConnector.class.getName());

  @Inject Config config;
  @Inject StageSelection stages;
  @Inject DeadLetterSink deadLetters;
  @Inject PipelineMetrics metrics;
  @Inject Clock clock;

  @Inject ManagedThreads threads;

  private PubSubChannels channels;

  @PostConstruct
  void init() {
    channels = new PubSubChannels(metrics, deadLetters, clock, threads.factory("pubsub"));
  }

  @Override
  public PublisherBuilder<? extends Message<?>> getPublisherBuilder(Config channelConfig) {
    String channel = channelConfig.getValue(CHANNEL_NAME_ATTRIBUTE, String.class);
    if (!ChannelStage.consumedHere(channelConfig, stages)) {
      LOG.info(
          () ->
              "Pub/Sub channel "
                  + channel
                  + " belongs to a stage that is off here: not subscribing");
      return ReactiveStreams.empty();
    }
    return ReactiveStreams.fromPublisher(channels.openSource(options(channelConfig)).publisher());
  }

  @Override
  public SubscriberBuilder<? extends Message<?>, Void> getSubscriberBuilder(Config channelConfig) {
    return ReactiveStreams.fromSubscriber(channels.openSink(options(channelConfig)));
  }

  /** The health of every channel this connector opened. */
  public List<PubSubChannelStatus> status() {
    return channels.status();
  }

  @PreDestroy
  void close() {
    channels.close();
  }

  private PubSubChannelOptions options(Config channelConfig) {
    return PubSubChannelOptions.read(channelConfig, config);
  }
}
