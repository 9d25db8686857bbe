package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.bus.mqtt.BrokerAddress.Credentials;
import io.dataflow.bus.mqtt.MqttSourceOptions;
import io.dataflow.config.ConfigurationException;
import io.dataflow.testing.MapConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Artemis broker on a free port with its own data directory, driven by real Paho
 * clients: durability across restarts, the message size limit, and who may connect.
 */
class EmbeddedMqttBrokerTest {
  private static final String INGESTION = "dataflow-ingestion";
  private static final String FILTER = "devices/+/telemetry";
  private static final Credentials USER = new Credentials("devices", "s3cret-Passw0rd");

  @TempDir Path dataDir;

  private final List<ArtemisMqttBroker> brokers = new ArrayList<>();
  private final List<MqttClient> clients = new ArrayList<>();
  private EmbeddedMqttBroker bean;

  @AfterEach
  void stopAll() {
    for (MqttClient c : clients) {
      try {
        if (c.isConnected()) {
          c.disconnect();
        }
        c.close(true);
      } catch (MqttException e) {
        // the broker may be gone already
      }
    }
    brokers.forEach(ArtemisMqttBroker::stop);
    if (bean != null) {
      bean.stop();
    }
  }

  @Test
  void aQos1MessagePublishedWhileIngestionIsAwayIsDeliveredToItsSessionAfterARestart()
      throws Exception {
    EmbeddedBrokerConfig settings = settings("127.0.0.1", Optional.empty(), 1_000_000);
    ArtemisMqttBroker broker = start(settings);
    subscribeThenLeave(settings);

    publish(settings, "devices/d.1/telemetry", "{\"t\":21.5}", Optional.empty());
    broker.stop();
    brokers.remove(broker);

    start(settings);
    Received received = reconnect(settings, INGESTION);
    assertThat(received.sessionPresent).as("the persistent session survived the restart").isTrue();
    assertThat(received.next()).isEqualTo("devices/d.1/telemetry {\"t\":21.5}");
  }

  @Test
  void whatThePubackAcknowledgedIsInTheJournalFilesBeforeTheBrokerStops() throws Exception {
    // A copy of the directory taken while the broker still runs is what a crash leaves behind.
    EmbeddedBrokerConfig settings = settings("127.0.0.1", Optional.empty(), 1_000_000);
    start(settings);
    subscribeThenLeave(settings);
    publish(settings, "devices/d2/telemetry", "acknowledged", Optional.empty());

    Path copy = Files.createDirectories(dataDir.resolve("copy"));
    copyTree(settings.directory(), copy);
    brokers.forEach(ArtemisMqttBroker::stop);
    brokers.clear();

    EmbeddedBrokerConfig restored =
        new EmbeddedBrokerConfig(
            Optional.empty(),
            "127.0.0.1",
            freePort(),
            settings.maxMessageBytes(),
            copy,
            Optional.empty());
    start(restored);
    assertThat(reconnect(restored, INGESTION).next())
        .isEqualTo("devices/d2/telemetry acknowledged");
  }

  @Test
  void aMessageOverTheSizeLimitIsRefusedAndOneWithinItIsDelivered() throws Exception {
    int limit = 10_000;
    EmbeddedBrokerConfig settings = settings("127.0.0.1", Optional.empty(), limit);
    start(settings);
    Received received = subscribe(settings);

    MqttClient device = connect(settings, "device-big", Optional.empty());
    MqttMessage big = new MqttMessage(new byte[limit + 1]);
    big.setQos(1);
    assertThatThrownBy(() -> device.publish("devices/big/telemetry", big))
        .isInstanceOf(MqttException.class);
    assertThat(device.isConnected()).as("the broker closed the connection").isFalse();

    publish(settings, "devices/small/telemetry", "x".repeat(limit - 100), Optional.empty());
    String delivered = received.next();
    assertThat(delivered).startsWith("devices/small/telemetry xxx");
    assertThat(received.messages.poll(1, TimeUnit.SECONDS)).as("nothing else arrives").isNull();
  }

  @Test
  void onLoopbackAnonymousClientsConnect() throws Exception {
    EmbeddedBrokerConfig settings = settings("127.0.0.1", Optional.empty(), 1_000_000);
    start(settings);
    Received received = subscribe(settings);
    publish(settings, "devices/d3/telemetry", "anonymous", Optional.empty());
    assertThat(received.next()).isEqualTo("devices/d3/telemetry anonymous");
  }

  @Test
  void boundBeyondLoopbackOnlyTheConfiguredCredentialsConnect() throws Exception {
    // The bind address decides the policy; connecting through 127.0.0.1 reaches 0.0.0.0 too.
    EmbeddedBrokerConfig settings = settings("0.0.0.0", Optional.of(USER), 1_000_000);
    assertThat(settings.loopback()).isFalse();
    start(settings);

    assertRefused(() -> connect(settings, "anonymous", Optional.empty()));
    assertRefused(
        () -> connect(settings, "wrong", Optional.of(new Credentials("devices", "wrong"))));
    assertRefused(
        () -> connect(settings, "other", Optional.of(new Credentials("other", USER.password()))));

    MqttClient subscriber = connect(settings, "subscriber", Optional.of(USER));
    Received received = new Received();
    subscriber.setCallback(received);
    subscriber.subscribe(FILTER, 1);
    publish(settings, "devices/d4/telemetry", "authenticated", Optional.of(USER));
    assertThat(received.next()).isEqualTo("devices/d4/telemetry authenticated");
  }

  @Test
  void boundBeyondLoopbackWithoutCredentialsTheServerRefusesToStartTheBroker() throws Exception {
    int port = freePort();
    bean = bean("dataflow.mqtt.embedded.host", "0.0.0.0", "dataflow.mqtt.embedded.port", "" + port);

    assertThatThrownBy(bean::brokerUrl)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("dataflow.mqtt.embedded.username")
        .hasMessageContaining("DATAFLOW_MQTT_EMBEDDED_PASSWORD");
    assertThat(bean.isEmbedded()).isFalse();
    assertThat(listening(port)).as("nothing listens on " + port).isFalse();
  }

  @Test
  void onlyOneOfUserNameAndPasswordIsAConfigurationError() {
    bean = bean("dataflow.mqtt.embedded.username", "devices");
    assertThatThrownBy(bean::brokerUrl)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("only dataflow.mqtt.embedded.username is set");
  }

  @Test
  void ingestionConnectsWithTheEmbeddedBrokersCredentials() throws Exception {
    int port = freePort();
    bean =
        bean(
            "dataflow.mqtt.embedded.host",
            "0.0.0.0",
            "dataflow.mqtt.embedded.port",
            "" + port,
            "dataflow.mqtt.embedded.username",
            USER.username(),
            "dataflow.mqtt.embedded.password",
            USER.password());
    String url = bean.brokerUrl();
    assertThat(url).isEqualTo("tcp://127.0.0.1:" + port);
    assertThat(bean.isEmbedded()).isTrue();
    assertThat(bean.defaultCredentials()).contains(USER);

    MqttSourceOptions options =
        MqttSourceOptions.read(
            "mqtt-in", name -> Optional.empty(), bean.config, url, bean.defaultCredentials());
    assertThat(options.username()).contains(USER.username());
    MqttClient ingestion = new MqttClient(url, INGESTION, new MemoryPersistence());
    clients.add(ingestion);
    ingestion.connect(options.connectOptions());
    assertThat(ingestion.isConnected()).isTrue();

    // dataflow.mqtt.username, when set, is what ingestion uses.
    MqttSourceOptions own =
        MqttSourceOptions.read(
            "mqtt-in",
            name -> Optional.empty(),
            MapConfig.of("dataflow.mqtt.username", "me", "dataflow.mqtt.password", "mine"),
            url,
            bean.defaultCredentials());
    assertThat(own.username()).contains("me");
    assertThat(own.password()).contains("mine");
  }

  // --- helpers

  private EmbeddedBrokerConfig settings(
      String host, Optional<Credentials> credentials, int maxMessageBytes) {
    return new EmbeddedBrokerConfig(
        Optional.empty(),
        host,
        freePort(),
        maxMessageBytes,
        dataDir.resolve(EmbeddedBrokerConfig.DIRECTORY),
        credentials);
  }

  private EmbeddedMqttBroker bean(String... keyValues) {
    String[] all = Arrays.copyOf(keyValues, keyValues.length + 2);
    all[keyValues.length] = "dataflow.data-dir";
    all[keyValues.length + 1] = dataDir.toString();
    EmbeddedMqttBroker b = new EmbeddedMqttBroker();
    b.config = MapConfig.of(all);
    return b;
  }

  private ArtemisMqttBroker start(EmbeddedBrokerConfig settings) throws Exception {
    ArtemisMqttBroker broker = ArtemisMqttBroker.start(settings);
    brokers.add(broker);
    return broker;
  }

  private static String url(EmbeddedBrokerConfig settings) {
    return "tcp://127.0.0.1:" + settings.port();
  }

  private MqttClient connect(
      EmbeddedBrokerConfig settings, String clientId, Optional<Credentials> credentials)
      throws MqttException {
    MqttClient c = new MqttClient(url(settings), clientId, new MemoryPersistence());
    clients.add(c);
    MqttConnectOptions o = options(true, credentials);
    c.connect(o);
    return c;
  }

  private static MqttConnectOptions options(boolean clean, Optional<Credentials> credentials) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(clean);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setConnectionTimeout(10);
    credentials.ifPresent(
        c -> {
          o.setUserName(c.username());
          o.setPassword(c.password().toCharArray());
        });
    return o;
  }

  /** The persistent ingestion session subscribes, then disconnects. */
  private void subscribeThenLeave(EmbeddedBrokerConfig settings) throws MqttException {
    MqttClient ingestion = new MqttClient(url(settings), INGESTION, new MemoryPersistence());
    clients.add(ingestion);
    ingestion.connect(options(false, Optional.empty()));
    ingestion.subscribe(FILTER, 1);
    ingestion.disconnect();
  }

  /** The persistent session reconnects without subscribing again. */
  private Received reconnect(EmbeddedBrokerConfig settings, String clientId) throws MqttException {
    MqttClient ingestion = new MqttClient(url(settings), clientId, new MemoryPersistence());
    clients.add(ingestion);
    Received received = new Received();
    ingestion.setCallback(received);
    received.sessionPresent =
        ingestion.connectWithResult(options(false, Optional.empty())).getSessionPresent();
    return received;
  }

  private Received subscribe(EmbeddedBrokerConfig settings) throws MqttException {
    MqttClient subscriber = connect(settings, "subscriber", Optional.empty());
    Received received = new Received();
    subscriber.setCallback(received);
    subscriber.subscribe(FILTER, 1);
    return received;
  }

  /** Publishes at QoS 1 and returns once the broker's PUBACK has arrived. */
  private void publish(
      EmbeddedBrokerConfig settings,
      String topic,
      String payload,
      Optional<Credentials> credentials)
      throws MqttException {
    MqttClient device = connect(settings, "device-" + System.nanoTime(), credentials);
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    device.publish(topic, m);
    device.disconnect();
  }

  private static void assertRefused(ThrowingConnect connect) {
    assertThatThrownBy(connect::connect)
        .isInstanceOf(MqttSecurityException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @FunctionalInterface
  private interface ThrowingConnect {
    void connect() throws Exception;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".lock")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** What a client received, as "topic payload". */
  private static final class Received implements MqttCallback {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    boolean sessionPresent;

    @Override
    public void connectionLost(Throwable cause) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      messages.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    String next() throws InterruptedException {
      String m = messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }
}
