package io.dataflow.bus.mqtt;

import io.dataflow.bus.Intake;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.spi.IncomingConnectorFactory;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;

/**
 * Connector {@code dataflow-mqtt}: one {@link MqttSource} per incoming channel, subscribed to the
 * topic filters of its routes (the channel's attribute {@code routes}, else {@code
 * dataflow.ingest.routes}). When the ingestion stage is off in this server the channel is empty and
 * no connection is made.
 */
@ApplicationScoped
@Connector(MqttConnector.NAME)
public class MqttConnector implements IncomingConnectorFactory, Intake {
  public static final String NAME = "dataflow-mqtt";
  private static final Logger LOG = Logger.getLogger(MqttConnector.class.getName());

  @Inject Config config;
  @Inject StageSelection stages;
  @Inject BrokerAddress broker;
  @Inject Clock clock;

  @Inject ManagedThreads threads;
  @Inject Heartbeats heartbeats;

  private final List<MqttSource> sources = new CopyOnWriteArrayList<>();
  private final Map<String, MqttSourceOptions> channels = new ConcurrentHashMap<>();
  private final AtomicBoolean stopHookRegistered = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  @Override
  public PublisherBuilder<? extends Message<?>> getPublisherBuilder(Config channelConfig) {
    String channel = channelConfig.getValue(CHANNEL_NAME_ATTRIBUTE, String.class);
    if (!stages.isEnabled(Stage.INGESTION)) {
      LOG.info(
          () -> "Ingestion is off in this server: MQTT channel " + channel + " does not connect");
      return ReactiveStreams.empty();
    }
    MqttSource source =
        new MqttSource(options(channel), clock, threads.factory("mqtt-" + channel), heartbeats);
    sources.add(source);
    if (stopHookRegistered.compareAndSet(false, true)) {
      broker.beforeStop(this::stop);
    }
    source.start();
    return ReactiveStreams.fromPublisher(source.publisher());
  }

  /** The sources of this server, for health checks. */
  public List<MqttSource> sources() {
    return List.copyOf(sources);
  }

  /** Stops taking new MQTT messages, staying connected so in-flight ones can be acknowledged. */
  @Override
  public void pauseIntake() {
    sources.forEach(MqttSource::pauseIntake);
  }

  /** Disconnects every source; at shutdown, or before the embedded broker stops, once. */
  @PreDestroy
  void stop() {
    if (stopped.compareAndSet(false, true)) {
      sources.forEach(MqttSource::stop);
    }
  }

  /**
   * The options of a channel, read once from its attributes and the server's settings: the broker
   * URL, credentials, TLS and routes. Also used by the ingestion stage (the routes) and by clients
   * that publish into the broker this server ingests from (the demo traffic).
   */
  public MqttSourceOptions options(String channel) {
    return channels.computeIfAbsent(
        channel,
        c ->
            MqttSourceOptions.read(
                c,
                name ->
                    config.getOptionalValue(
                        "mp.messaging.incoming." + c + "." + name, String.class),
                config,
                broker.brokerUrl(),
                broker.defaultCredentials()));
  }
}
