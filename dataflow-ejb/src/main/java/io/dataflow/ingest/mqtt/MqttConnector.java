package io.dataflow.ingest.mqtt;

import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import io.dataflow.ingest.IngestSettings;
import io.dataflow.ingest.Route;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.spi.IncomingConnectorFactory;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;

/**
 * Connector {@code dataflow-mqtt}: one {@link MqttSource} per incoming channel, subscribed to the
 * topic filters of {@code dataflow.ingest.routes}. When the ingestion stage is off in this server
 * the channel is empty and no connection is made.
 */
@ApplicationScoped
@Connector(MqttConnector.NAME)
public class MqttConnector implements IncomingConnectorFactory {
  public static final String NAME = "dataflow-mqtt";
  private static final Logger LOG = Logger.getLogger(MqttConnector.class.getName());

  @Inject Config config;
  @Inject StageSelection stages;
  @Inject EmbeddedMqttBroker broker;
  @Inject Clock clock;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory managedThreads;

  private final List<MqttSource> sources = new CopyOnWriteArrayList<>();

  @Override
  public PublisherBuilder<? extends Message<?>> getPublisherBuilder(Config channelConfig) {
    String channel = channelConfig.getValue(CHANNEL_NAME_ATTRIBUTE, String.class);
    if (!stages.isEnabled(Stage.INGESTION)) {
      LOG.info(
          () -> "Ingestion is off in this server: MQTT channel " + channel + " does not connect");
      return ReactiveStreams.empty();
    }
    MqttSource source =
        new MqttSource(
            options(channel),
            clock,
            managedThreads != null ? managedThreads : Executors.defaultThreadFactory());
    sources.add(source);
    source.start();
    return ReactiveStreams.fromPublisher(source.publisher());
  }

  /** The sources of this server, for health checks. */
  public List<MqttSource> sources() {
    return List.copyOf(sources);
  }

  /** Stops taking new MQTT messages, staying connected so in-flight ones can be acknowledged. */
  public void pauseIntake() {
    sources.forEach(MqttSource::pauseIntake);
  }

  @PreDestroy
  void stop() {
    sources.forEach(MqttSource::stop);
  }

  /**
   * The connection of a channel as configured: the broker URL resolved by {@link
   * EmbeddedMqttBroker}, credentials, TLS and routes. Also used by clients that publish into the
   * broker this server ingests from (the demo traffic).
   */
  public MqttSourceOptions options(String channel) {
    String url = broker.brokerUrl();
    Optional<String> ca = MqttSettings.TLS_CA_FILE.readOptional(config);
    Optional<String> keystore = MqttSettings.TLS_KEYSTORE.readOptional(config);
    SSLSocketFactory tls = null;
    if (url.startsWith("ssl://")) {
      tls =
          MqttTls.socketFactory(
              ca, keystore, MqttSettings.TLS_KEYSTORE_PASSWORD.readOptional(config));
    } else if (ca.isPresent() || keystore.isPresent()) {
      throw new io.dataflow.config.ConfigurationException(
          MqttSettings.TLS_CA_FILE.key()
              + " / "
              + MqttSettings.TLS_KEYSTORE.key()
              + " are set but "
              + MqttSettings.URL.key()
              + " is "
              + url
              + ": use an ssl:// URL (plaintext is never used when TLS is configured)");
    }
    return new MqttSourceOptions(
        channel,
        url,
        MqttSettings.CLIENT_ID.read(config),
        Route.parseAll(IngestSettings.ROUTES.key(), IngestSettings.ROUTES.read(config)),
        MqttSettings.SHARED_GROUP.readOptional(config),
        MqttSettings.CLEAN_SESSION.read(config),
        MqttSettings.USERNAME.readOptional(config),
        MqttSettings.PASSWORD.readOptional(config),
        tls,
        MqttSettings.KEEP_ALIVE_SECONDS.read(config),
        MqttSettings.CONNECT_TIMEOUT_SECONDS.read(config),
        MqttSettings.RECONNECT_MIN_DELAY.read(config),
        MqttSettings.RECONNECT_MAX_DELAY.read(config),
        MqttSettings.RECEIVE_QUEUE.read(config));
  }
}
