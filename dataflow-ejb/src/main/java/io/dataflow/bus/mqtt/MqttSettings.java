package io.dataflow.bus.mqtt;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the MQTT connection. */
public final class MqttSettings implements SettingsHolder {
  public static final Setting<String> URL =
      Setting.optionalString(
          "dataflow.mqtt.url",
          "Broker URL, tcp://host:1883 or ssl://host:8883. Empty: the all-in-one default (an embedded"
              + " broker on dataflow.mqtt.embedded.port, or the broker already listening there).");
  public static final Setting<String> CLIENT_ID =
      Setting.string(
          "dataflow.mqtt.client-id",
          "dataflow-ingestion",
          "MQTT client id. The session is persistent, so it must be stable across restarts and unique per replica.");
  public static final Setting<String> SHARED_GROUP =
      Setting.optionalString(
          "dataflow.mqtt.shared-group",
          "When set, subscribe as $share/GROUP/FILTER so several ingestion replicas split the traffic.");
  public static final Setting<Boolean> CLEAN_SESSION =
      Setting.bool(
          "dataflow.mqtt.clean-session",
          false,
          "Start a clean session on connect. Keep false: a persistent session keeps QoS 1 messages while disconnected.");
  public static final Setting<String> USERNAME =
      Setting.optionalString(
          "dataflow.mqtt.username",
          "Broker user name. Empty with the embedded broker: dataflow.mqtt.embedded.username, if set.");
  public static final Setting<String> PASSWORD =
      Setting.optionalString("dataflow.mqtt.password", "Broker password.");
  public static final Setting<Boolean> ALLOW_PLAINTEXT_CREDENTIALS =
      Setting.bool(
          "dataflow.mqtt.allow-plaintext-credentials",
          false,
          "Allow a user name or password over a tcp:// URL to a broker beyond loopback. They would"
              + " cross the network unencrypted, so start-up refuses them unless this is true; use"
              + " ssl:// instead.");
  public static final Setting<String> TLS_CA_FILE =
      Setting.optionalString(
          "dataflow.mqtt.tls.ca-file",
          "PEM file of CA certificates trusted for ssl:// brokers. Empty: the JVM's default trust store.");
  public static final Setting<String> TLS_KEYSTORE =
      Setting.optionalString(
          "dataflow.mqtt.tls.keystore",
          "PKCS#12 file with the client certificate and key, for mutual TLS.");
  public static final Setting<String> TLS_KEYSTORE_PASSWORD =
      Setting.optionalString(
          "dataflow.mqtt.tls.keystore-password", "Password of dataflow.mqtt.tls.keystore.");
  public static final Setting<Integer> KEEP_ALIVE_SECONDS =
      Setting.integer("dataflow.mqtt.keep-alive-seconds", 30, 5, 3600, "MQTT keep-alive interval.");
  public static final Setting<Integer> CONNECT_TIMEOUT_SECONDS =
      Setting.integer(
          "dataflow.mqtt.connect-timeout-seconds",
          10,
          1,
          300,
          "Timeout of one connection attempt.");
  public static final Setting<java.time.Duration> RECONNECT_MIN_DELAY =
      Setting.duration(
          "dataflow.mqtt.reconnect-min-delay",
          "500ms",
          "First delay between connection attempts; doubles per failure.");
  public static final Setting<java.time.Duration> RECONNECT_MAX_DELAY =
      Setting.duration(
          "dataflow.mqtt.reconnect-max-delay", "30s", "Longest delay between connection attempts.");
  public static final Setting<String> ROUTES =
      Setting.string(
          "dataflow.ingest.routes",
          "telemetry=devices/{deviceId}/telemetry@1",
          "Comma-separated routes NAME=PATTERN@QOS. PATTERN is a topic with {deviceId} (and optionally other"
              + " {placeholders}, + or a final #); it is subscribed with each placeholder as +."
              + " A channel's attribute routes overrides it.");
  public static final Setting<java.time.Duration> NACK_RETRY_MIN_DELAY =
      Setting.duration(
          "dataflow.mqtt.nack-retry-min-delay",
          "500ms",
          java.time.Duration.ofMillis(1),
          java.time.Duration.ofMinutes(10),
          "After the pipeline nacked a message (a transient failure downstream), the delay before"
              + " it is offered again; it grows with each attempt up to nack-retry-max-delay. Later"
              + " PUBACKs wait meanwhile, as MQTT's ordered acknowledgements require.");
  public static final Setting<java.time.Duration> NACK_RETRY_MAX_DELAY =
      Setting.duration(
          "dataflow.mqtt.nack-retry-max-delay",
          "30s",
          java.time.Duration.ofMillis(1),
          java.time.Duration.ofHours(1),
          "Longest delay before a nacked message is offered again.");
  public static final Setting<Integer> RECEIVE_QUEUE =
      Setting.integer(
          "dataflow.mqtt.receive-queue",
          1000,
          1,
          1_000_000,
          "Messages received and not yet handed on. When full, the MQTT callback waits (backpressure to the broker).");
  public static final Setting<Integer> EMBEDDED_PORT =
      Setting.integer(
          "dataflow.mqtt.embedded.port",
          1883,
          1,
          65535,
          "All-in-one only (dataflow.mqtt.url empty): port of the embedded broker. If a broker already listens"
              + " there on 127.0.0.1, it is used instead.");
  public static final Setting<String> EMBEDDED_HOST =
      Setting.string(
          "dataflow.mqtt.embedded.host",
          "127.0.0.1",
          "All-in-one only: interface the embedded broker binds; 0.0.0.0 lets devices on the network connect."
              + " Bound to anything but loopback it requires dataflow.mqtt.embedded.username and"
              + " .password (start-up fails without them).");
  public static final Setting<String> EMBEDDED_USERNAME =
      Setting.optionalString(
          "dataflow.mqtt.embedded.username",
          "All-in-one only: the user name clients of the embedded broker must give. Required when"
              + " dataflow.mqtt.embedded.host is not loopback; when set, anonymous clients are refused"
              + " on loopback too. Ingestion connects with it unless dataflow.mqtt.username is set.");
  public static final Setting<String> EMBEDDED_PASSWORD =
      Setting.optionalString(
          "dataflow.mqtt.embedded.password",
          "All-in-one only: the password of dataflow.mqtt.embedded.username.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public MqttSettings() {}
}
