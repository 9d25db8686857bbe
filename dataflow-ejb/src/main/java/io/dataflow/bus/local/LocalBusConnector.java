package io.dataflow.bus.local;

import io.dataflow.bus.ChannelStage;
import io.dataflow.bus.PollingPublisher;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.StageSelection;
import io.dataflow.envelope.Envelope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Connector {@code dataflow-local}: a thin facade that creates one {@link LocalSource} per incoming
 * channel and one {@link LocalSink} per outgoing channel over the shared {@link LocalBus}.
 */
@ApplicationScoped
@Connector(LocalBusConnector.NAME)
public class LocalBusConnector implements IncomingConnectorFactory, OutgoingConnectorFactory {
  public static final String NAME = "dataflow-local";
  private static final Logger LOG = Logger.getLogger(LocalBusConnector.class.getName());

  @Inject LocalBus bus;
  @Inject StageSelection stages;

  @Inject ManagedThreads threads;

  private final List<PollingPublisher<Envelope>> sources = new CopyOnWriteArrayList<>();

  @Override
  public PublisherBuilder<? extends Message<?>> getPublisherBuilder(Config config) {
    LocalChannelOptions options = LocalChannelOptions.read(config, CHANNEL_NAME_ATTRIBUTE);
    String channel = options.channel();
    String topic = options.topic();
    if (!ChannelStage.consumedHere(config, stages)) {
      LOG.info(
          () ->
              "Local channel "
                  + channel
                  + " belongs to a stage that is off here: not subscribing to "
                  + topic);
      return ReactiveStreams.empty();
    }
    LocalSubscription subscription =
        bus.subscribe(
            topic,
            options.subscription(),
            options.capacity(),
            options.maxInFlight(),
            options.maxAttempts(),
            options.redeliveryDelay(),
            options.deadLetterTopic());
    PollingPublisher<Envelope> source =
        LocalSource.publisher(channel, subscription, threads.factory("local-bus"));
    sources.add(source);
    LOG.info(
        () ->
            "Local channel "
                + channel
                + " subscribed to topic "
                + topic
                + " as "
                + subscription.name());
    return ReactiveStreams.fromPublisher(source);
  }

  @Override
  public SubscriberBuilder<? extends Message<?>, Void> getSubscriberBuilder(Config config) {
    LocalChannelOptions options = LocalChannelOptions.read(config, CHANNEL_NAME_ATTRIBUTE);
    return ReactiveStreams.fromSubscriber(
        new LocalSink(options.channel(), bus.topic(options.topic())));
  }

  /** Whether every incoming local channel has a running consumer. */
  public boolean allSourcesSubscribed() {
    return sources.stream().allMatch(PollingPublisher::isSubscribed);
  }

  @PreDestroy
  void stop() {
    sources.forEach(PollingPublisher::stop);
  }
}
