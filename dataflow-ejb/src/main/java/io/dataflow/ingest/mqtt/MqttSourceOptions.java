package io.dataflow.ingest.mqtt;

import io.dataflow.ingest.Route;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Everything one {@link MqttSource} needs, resolved and validated from configuration.
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
    int receiveQueue) {

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
