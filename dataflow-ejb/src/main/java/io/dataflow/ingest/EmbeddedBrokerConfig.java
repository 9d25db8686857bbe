package io.dataflow.ingest;

import io.dataflow.bus.mqtt.BrokerAddress.Credentials;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.config.ConfigurationException;
import io.dataflow.config.CoreSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * What {@link EmbeddedMqttBroker} needs, read once: an external broker's URL, else where the
 * embedded one listens, where it keeps its journal, the largest message it takes and who may
 * connect.
 *
 * @param url {@code dataflow.mqtt.url}, when an external broker is configured
 * @param host the embedded broker's bind address
 * @param port the embedded broker's port
 * @param maxMessageBytes the largest MQTT message the embedded broker accepts: the largest payload
 *     the ingest stage takes, plus room for the topic and headers
 * @param directory the embedded broker's directory, {@code <data-dir>/mqtt-broker}
 * @param credentials the user name and password clients must give, if set
 */
public record EmbeddedBrokerConfig(
    Optional<String> url,
    String host,
    int port,
    int maxMessageBytes,
    Path directory,
    Optional<Credentials> credentials) {
  private static final int HEADER_ROOM = 65_536;

  /** The sub-directory of {@code dataflow.data-dir} that holds the embedded broker's files. */
  public static final String DIRECTORY = "mqtt-broker";

  /** The credential settings, with their environment variables, as error messages name them. */
  private static final String CREDENTIAL_SETTINGS =
      MqttSettings.EMBEDDED_USERNAME.key()
          + " and "
          + MqttSettings.EMBEDDED_PASSWORD.key()
          + " ("
          + MqttSettings.EMBEDDED_USERNAME.environmentVariable()
          + ", "
          + MqttSettings.EMBEDDED_PASSWORD.environmentVariable()
          + ")";

  public static EmbeddedBrokerConfig read(Config config) {
    Optional<String> username = MqttSettings.EMBEDDED_USERNAME.readOptional(config);
    Optional<String> password = MqttSettings.EMBEDDED_PASSWORD.readOptional(config);
    if (username.isPresent() != password.isPresent()) {
      throw new ConfigurationException(
          "Set both "
              + CREDENTIAL_SETTINGS
              + ", or neither: only "
              + (username.isPresent()
                  ? MqttSettings.EMBEDDED_USERNAME.key()
                  : MqttSettings.EMBEDDED_PASSWORD.key())
              + " is set");
    }
    return new EmbeddedBrokerConfig(
        MqttSettings.URL.readOptional(config),
        MqttSettings.EMBEDDED_HOST.read(config),
        MqttSettings.EMBEDDED_PORT.read(config),
        IngestConfig.read(config).maxPayloadBytes() + HEADER_ROOM,
        Path.of(CoreSettings.DATA_DIR.read(config)).resolve(DIRECTORY).toAbsolutePath().normalize(),
        username.map(u -> new Credentials(u, password.orElseThrow())));
  }

  /** Whether the bind address is loopback only (127.0.0.1, ::1, localhost): no other machine. */
  public boolean loopback() {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether the bind address is the wildcard (0.0.0.0, ::): every interface, loopback included. */
  boolean wildcard() {
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The host this server's own client connects to: 127.0.0.1 when the broker listens on loopback or
   * on every interface, else the one address it is bound to.
   */
  String connectHost() {
    if (loopback() || wildcard()) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * Fails unless the embedded broker may start as configured: beyond loopback, clients must give
   * credentials, so they must be set.
   */
  void requireSafeExposure() {
    if (credentials.isEmpty() && !loopback()) {
      throw new ConfigurationException(
          "The embedded MQTT broker would listen on "
              + host
              + " ("
              + MqttSettings.EMBEDDED_HOST.key()
              + "), beyond loopback, and no credentials are set: set "
              + CREDENTIAL_SETTINGS
              + " so that devices must authenticate, or bind it to 127.0.0.1");
    }
  }
}
