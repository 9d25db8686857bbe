package io.dataflow.ingest;

import io.dataflow.bus.mqtt.BrokerAddress;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.config.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Decides which broker the all-in-one server talks to when {@code dataflow.mqtt.url} is empty: if
 * something already listens on the embedded port it is used (so {@code mosquitto_pub} on the
 * default port reaches the pipeline); otherwise an embedded Apache ActiveMQ Artemis broker is
 * started there ({@link ArtemisMqttBroker}: MQTT only, persistent under {@code
 * <data-dir>/mqtt-broker/}). The log says which.
 *
 * <p>The embedded broker takes anonymous clients only when it is bound to loopback and no
 * credentials are set. Bound to any other address it requires {@code
 * dataflow.mqtt.embedded.username} / {@code .password}, and does not start without them. This
 * server's own ingestion client then connects with them, unless {@code dataflow.mqtt.username} is
 * set.
 *
 * <p>Shutdown: before the broker stops, the MQTT connector disconnects its clients (it registered
 * that with {@link #beforeStop}), whichever of the two beans the container destroys first; the
 * lifecycle has paused intake and drained the in-JVM bus before either.
 */
@ApplicationScoped
public class EmbeddedMqttBroker implements BrokerAddress {

  private static final Logger LOG = Logger.getLogger(EmbeddedMqttBroker.class.getName());

  @Inject Config config;

  private ArtemisMqttBroker broker;
  private Optional<Credentials> credentials = Optional.empty();
  private String resolved;
  private final List<Runnable> beforeStop = new CopyOnWriteArrayList<>();

  /** The broker URL to connect to, starting the embedded broker if needed. */
  @Override
  public synchronized String brokerUrl() {
    if (resolved != null) {
      return resolved;
    }
    EmbeddedBrokerConfig settings = EmbeddedBrokerConfig.read(config);
    if (settings.url().isPresent()) {
      resolved = settings.url().get();
      return resolved;
    }
    int port = settings.port();
    if (listening(port)) {
      String url = "tcp://127.0.0.1:" + port;
      // Not ours, so its limits apply: Mosquitto, for one, queues 1000 QoS 1 messages per client
      // by default and silently drops the rest while the pipeline pushes back.
      LOG.warning(
          "dataflow.mqtt.url is not set and a broker already listens on 127.0.0.1:"
              + port
              + ": using it ("
              + url
              + "). Its own queue limits apply: a broker that queues only so many QoS 1 messages"
              + " per client (Mosquitto's default max_queued_messages is 1000) drops the rest while"
              + " the pipeline pushes back. Set "
              + MqttSettings.URL.environmentVariable()
              + " to choose the broker, or "
              + MqttSettings.EMBEDDED_PORT.environmentVariable()
              + " to start the embedded one on a free port.");
      resolved = url;
      return resolved;
    }
    settings.requireSafeExposure();
    String url = "tcp://" + settings.connectHost() + ":" + port;
    long t0 = System.nanoTime();
    start(settings);
    long startMillis = (System.nanoTime() - t0) / 1_000_000;
    credentials = settings.credentials();
    LOG.info(
        "dataflow.mqtt.url is not set: started the embedded MQTT broker (Apache ActiveMQ Artemis,"
            + " persistent in "
            + settings.directory()
            + ") on "
            + settings.host()
            + ":"
            + port
            + " ("
            + url
            + ") in "
            + startMillis
            + " ms, "
            + (credentials.isPresent()
                ? "clients must authenticate as " + credentials.get().username()
                : "anonymous clients allowed (loopback only)"));
    resolved = url;
    return resolved;
  }

  /** The embedded broker's credentials, when this server runs it with credentials. */
  @Override
  public synchronized Optional<Credentials> defaultCredentials() {
    return credentials;
  }

  /** Whether this server runs the embedded broker. */
  public synchronized boolean isEmbedded() {
    return broker != null;
  }

  @Override
  public void beforeStop(Runnable action) {
    beforeStop.add(action);
  }

  @PreDestroy
  synchronized void stop() {
    if (broker != null) {
      for (Runnable action : beforeStop) {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Before stopping the embedded MQTT broker", e);
        }
      }
      broker.stop();
      broker = null;
      LOG.info("Stopped the embedded MQTT broker");
    }
  }

  private void start(EmbeddedBrokerConfig settings) {
    try {
      broker = ArtemisMqttBroker.start(settings);
    } catch (Exception | LinkageError e) {
      throw new ConfigurationException(
          "Could not start the embedded MQTT broker on "
              + settings.host()
              + ":"
              + settings.port()
              + " ("
              + MqttSettings.EMBEDDED_PORT.key()
              + ", data in "
              + settings.directory()
              + "): "
              + e.getMessage()
              + "; set "
              + MqttSettings.URL.key()
              + " to use an external broker",
          e);
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      LOG.log(Level.FINE, "Nothing listens on port " + port, e);
      return false;
    }
  }
}
