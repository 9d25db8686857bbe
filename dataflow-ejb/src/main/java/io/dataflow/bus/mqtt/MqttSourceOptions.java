package io.dataflow.bus.mqtt;

import io.dataflow.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * The typed configuration of one {@code dataflow-mqtt} channel, read once ({@link #read}) from the
 * channel's attributes ({@code mp.messaging.incoming.CHANNEL.routes}, {@code .client-id}, ...) with
 * the server-wide keys ({@code dataflow.ingest.routes}, {@code dataflow.mqtt.*}) as defaults, as
 * the Pub/Sub connector does. Invalid values fail at start-up with a message naming the key.
 *
 * @param channel the channel name
 * @param url the broker URL
 * @param clientId the MQTT client id
 * @param routes the routes to subscribe
 * @param sharedGroup the shared-subscription group, if any
 * @param cleanSession whether to start a clean session
 * @param username the user name, if any
 * @param password the password, if any
 * @param socketFactory the TLS socket factory for ssl:// URLs
 * @param keepAliveSeconds the keep-alive interval
 * @param connectTimeoutSeconds the timeout of one connection attempt
 * @param reconnectMinDelay the first retry delay
 * @param reconnectMaxDelay the longest retry delay
 * @param receiveQueue the bound of the receive queue
 * @param nackRetry when a nacked message is offered again
 */
public record MqttSourceOptions(
    String channel,
    String url,
    String clientId,
    List<Route> routes,
    Optional<String> sharedGroup,
    boolean cleanSession,
    Optional<String> username,
    Optional<String> password,
    SSLSocketFactory socketFactory,
    int keepAliveSeconds,
    int connectTimeoutSeconds,
    Duration reconnectMinDelay,
    Duration reconnectMaxDelay,
    int receiveQueue,
    NackRetryPolicy nackRetry) {

  /**
   * Reads a channel's options.
   *
   * @param channel the channel name
   * @param attribute the channel's attribute of a name, if set
   * @param server the server's configuration, for the defaults
   * @param url the broker URL the server resolved (configured, or the embedded broker)
   */
  public static MqttSourceOptions read(
      String channel, Function<String, Optional<String>> attribute, Config server, String url) {
    return read(channel, attribute, server, url, Optional.empty());
  }

  /**
   * Reads a channel's options.
   *
   * @param channel the channel name
   * @param attribute the channel's attribute of a name, if set
   * @param server the server's configuration, for the defaults
   * @param url the broker URL the server resolved (configured, or the embedded broker)
   * @param defaultCredentials the credentials to use when {@code dataflow.mqtt.username} is not set
   *     (the embedded broker's own)
   */
  public static MqttSourceOptions read(
      String channel,
      Function<String, Optional<String>> attribute,
      Config server,
      String url,
      Optional<BrokerAddress.Credentials> defaultCredentials) {
    Optional<String> ca = MqttSettings.TLS_CA_FILE.readOptional(server);
    Optional<String> keystore = MqttSettings.TLS_KEYSTORE.readOptional(server);
    SSLSocketFactory tls = null;
    if (url.startsWith("ssl://")) {
      tls =
          MqttTls.socketFactory(
              ca, keystore, MqttSettings.TLS_KEYSTORE_PASSWORD.readOptional(server));
    } else if (ca.isPresent() || keystore.isPresent()) {
      throw MqttSettings.URL.invalid(
          url,
          "an ssl:// URL is needed because "
              + MqttSettings.TLS_CA_FILE.key()
              + " / "
              + MqttSettings.TLS_KEYSTORE.key()
              + " are set (plaintext is never used when TLS is configured)");
    }
    Optional<String> username = MqttSettings.USERNAME.readOptional(server);
    Optional<String> password = MqttSettings.PASSWORD.readOptional(server);
    if (tls == null
        && (username.isPresent() || password.isPresent())
        && !BrokerUrls.isLoopback(url)
        && !MqttSettings.ALLOW_PLAINTEXT_CREDENTIALS.read(server)) {
      throw MqttSettings.URL.invalid(
          url,
          "a user name or password ("
              + MqttSettings.USERNAME.key()
              + ", "
              + MqttSettings.PASSWORD.key()
              + ") would cross the network unencrypted over tcp://. Use an ssl:// URL, or set "
              + MqttSettings.ALLOW_PLAINTEXT_CREDENTIALS.environmentVariable()
              + "=true to accept that risk");
    }
    ChannelAttributes a = new ChannelAttributes(channel, attribute, server);
    String routesKey = "mp.messaging.incoming." + channel + ".routes";
    String routes = attribute.apply("routes").filter(r -> !r.isBlank()).orElse(null);
    if (username.isEmpty() && defaultCredentials.isPresent()) {
      username = Optional.of(defaultCredentials.get().username());
      password = Optional.of(defaultCredentials.get().password());
    }
    return new MqttSourceOptions(
        channel,
        url,
        a.read(MqttSettings.CLIENT_ID),
        routes != null
            ? Route.parseAll(routesKey, routes)
            : Route.parseAll(MqttSettings.ROUTES.key(), MqttSettings.ROUTES.read(server)),
        sharedGroup(a.readOptional(MqttSettings.SHARED_GROUP)),
        a.read(MqttSettings.CLEAN_SESSION),
        username,
        password,
        tls,
        a.read(MqttSettings.KEEP_ALIVE_SECONDS),
        a.read(MqttSettings.CONNECT_TIMEOUT_SECONDS),
        a.read(MqttSettings.RECONNECT_MIN_DELAY),
        a.read(MqttSettings.RECONNECT_MAX_DELAY),
        a.read(MqttSettings.RECEIVE_QUEUE),
        new NackRetryPolicy(
            a.read(MqttSettings.NACK_RETRY_MIN_DELAY), a.read(MqttSettings.NACK_RETRY_MAX_DELAY)));
  }

  /** A share name, which MQTT 5 (section 4.8.2) forbids to contain "/", "+" or "#". */
  private static Optional<String> sharedGroup(Optional<String> group) {
    group
        .filter(g -> g.contains("/") || g.contains("+") || g.contains("#"))
        .ifPresent(
            g -> {
              throw MqttSettings.SHARED_GROUP.invalid(
                  g,
                  "a share name without '/', '+' or '#' (the broker subscribes $share/GROUP/FILTER)");
            });
    return group;
  }

  /**
   * A server setting {@code dataflow.mqtt.NAME} that a channel may override with its attribute
   * {@code NAME}.
   */
  private record ChannelAttributes(
      String channel, Function<String, Optional<String>> attribute, Config server) {
    <T> T read(Setting<T> setting) {
      return readOptional(setting).orElseGet(() -> setting.read(server));
    }

    <T> Optional<T> readOptional(Setting<T> setting) {
      String name = setting.key().substring("dataflow.mqtt.".length());
      Optional<String> raw = attribute.apply(name).filter(v -> !v.isBlank());
      if (raw.isEmpty()) {
        return setting.readOptional(server);
      }
      try {
        return Optional.of(setting.parse(raw.get()));
      } catch (RuntimeException e) {
        throw Setting.invalid(
            "mp.messaging.incoming." + channel + "." + name,
            raw.get(),
            "expected " + setting.allowed(),
            e);
      }
    }
  }

  /** Everything but the password, which is shown as {@code ***} when set. */
  @Override
  public String toString() {
    return "MqttSourceOptions[channel="
        + channel
        + ", url="
        + url
        + ", clientId="
        + clientId
        + ", routes="
        + routes
        + ", sharedGroup="
        + sharedGroup
        + ", cleanSession="
        + cleanSession
        + ", username="
        + username
        + ", password="
        + password.map(p -> "***")
        + ", tls="
        + (socketFactory != null)
        + ", keepAliveSeconds="
        + keepAliveSeconds
        + ", receiveQueue="
        + receiveQueue
        + "]";
  }

  /** The topic filters to subscribe, one per route, with the shared-subscription prefix if set. */
  public List<String> filters() {
    return routes.stream()
        .map(r -> sharedGroup.map(g -> "$share/" + g + "/").orElse("") + r.topicFilter())
        .toList();
  }

  int[] qos() {
    return routes.stream().mapToInt(Route::qos).toArray();
  }

  long connectTimeoutMillis() {
    return connectTimeoutSeconds * 1000L;
  }

  /** Paho's options for a connection to this broker: credentials, TLS, keep-alive, timeout. */
  public MqttConnectOptions connectOptions() {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(keepAliveSeconds);
    o.setConnectionTimeout(connectTimeoutSeconds);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    username.ifPresent(o::setUserName);
    password.ifPresent(p -> o.setPassword(p.toCharArray()));
    if (socketFactory != null) {
      o.setSocketFactory(socketFactory);
      o.setHttpsHostnameVerificationEnabled(true);
    }
    return o;
  }
}
