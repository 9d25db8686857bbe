package io.dataflow.ingest;

import io.dataflow.bus.mqtt.BrokerAddress;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.config.ConfigurationException;
import io.moquette.broker.Server;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Decides which broker the all-in-one server talks to when {@code dataflow.mqtt.url} is empty: if
 * something already listens on the embedded port it is used (so {@code mosquitto_pub} on the
 * default port reaches the pipeline); otherwise an embedded Moquette broker is started there
 * (telemetry off, no persistence). The log says which.
 */
@ApplicationScoped
public class EmbeddedMqttBroker implements BrokerAddress {

  private static final Logger LOG = Logger.getLogger(EmbeddedMqttBroker.class.getName());

  /** Held so that its level stays set (java.util.logging keeps loggers weakly). */
  private static final Logger MOQUETTE_LOG = Logger.getLogger("io.moquette");

  @Inject Config config;

  private Server server;
  private String resolved;

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
    String host = settings.host();
    int port = settings.port();
    String url = "tcp://127.0.0.1:" + port;
    if (listening(port)) {
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
    } else {
      start(host, port, settings.maxMessageBytes());
      LOG.info(
          "dataflow.mqtt.url is not set: started the embedded MQTT broker on "
              + host
              + ":"
              + port
              + " ("
              + url
              + ")");
    }
    resolved = url;
    return resolved;
  }

  /** Whether this server runs the embedded broker. */
  public synchronized boolean isEmbedded() {
    return server != null;
  }

  @PreDestroy
  synchronized void stop() {
    if (server != null) {
      server.stopServer();
      server = null;
    }
  }

  private void start(String host, int port, int maxMessageBytes) {
    try {
      server = startMoquette(host, port, maxMessageBytes);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "Could not start the embedded MQTT broker on "
              + host
              + ":"
              + port
              + " ("
              + MqttSettings.EMBEDDED_PORT.key()
              + "); set "
              + MqttSettings.URL.key()
              + " to use an external broker",
          e);
    }
  }

  /**
   * Starts Moquette with its sessions and queues in memory. Moquette 0.17's persistence does not
   * survive a crash (its segmented queues wedge a session thread after a kill -9, and its H2 queues
   * fail to restore the session), so the embedded broker is for the laptop: what it acknowledged to
   * a device and had not yet handed to ingestion is lost on a kill -9 of the server. Use an
   * external broker with persistence (Mosquitto) where that matters.
   */
  static Server startMoquette(String host, int port, int maxMessageBytes) throws IOException {
    // Moquette logs every MQTT packet at INFO; its warnings and errors are what an operator needs.
    MOQUETTE_LOG.setLevel(Level.WARNING);
    Properties p = new Properties();
    p.setProperty("host", host);
    p.setProperty("port", Integer.toString(port));
    p.setProperty("websocket_port", "disabled");
    p.setProperty("allow_anonymous", "true");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
    Server s = new Server();
    s.startServer(p);
    return s;
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
