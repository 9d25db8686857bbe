package io.dataflow.ingest;

import io.dataflow.bus.mqtt.BrokerAddress.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTStateManager;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;

/**
 * The embedded broker: Apache ActiveMQ Artemis with one MQTT acceptor and a persistent file journal
 * under {@code <data-dir>/mqtt-broker/}, so that what it acknowledged to a device survives a crash
 * of the server (docs/reliability.md has the kill -9 figures).
 *
 * <p>Durability of a QoS 1 PUBACK: Artemis's MQTT publish path ({@code
 * MQTTPublishManager.sendToQueue}, 2.40.0) routes the message in a transaction, commits it, and
 * sends the PUBACK from {@code StorageManager.afterCompleteOperations}, that is once the journal
 * has completed the commit record. Whether that completion waits for the disk is {@code
 * journal-sync-transactional}, true by default ({@code ActiveMQDefaultConfiguration}); it is set
 * here explicitly, with {@code journal-sync-non-transactional} and {@code journal-datasync} (the
 * NIO journal then forces the file to disk before completing). The QoS 1 message itself is durable
 * ({@code MQTTUtil.DURABLE_MESSAGES}).
 *
 * <p>Subscriptions of persistent sessions (clean session false, e.g. {@code dataflow-ingestion})
 * survive restarts: Artemis stores MQTT session state in its durable internal queue {@code
 * $sys.mqtt.sessions}, and each subscription is a durable queue that keeps collecting messages
 * while the client is away.
 */
final class ArtemisMqttBroker {
  /** Held so that its level stays set (java.util.logging keeps loggers weakly). */
  private static final Logger ARTEMIS_LOG = Logger.getLogger("org.apache.activemq");

  static final String ACCEPTOR = "mqtt";

  /** Per address, what is held in memory before messages page to disk. */
  static final long ADDRESS_MEMORY_BYTES = 64L * 1024 * 1024;

  /** All addresses together: beyond it every address pages (a laptop's heap is small). */
  static final long GLOBAL_MEMORY_BYTES = 128L * 1024 * 1024;

  /** How long a stop waits for clients to disconnect before it closes their connections. */
  static final long SHUTDOWN_GRACE_MILLIS = 2_000;

  private final ActiveMQServer server;

  private ArtemisMqttBroker(ActiveMQServer server) {
    this.server = server;
  }

  /**
   * Starts the broker, persistent under {@code settings.directory()}.
   *
   * @param settings where it listens and stores, the message size limit, the credentials
   * @return the running broker
   * @throws Exception when it cannot start (the port is taken, the directory is not writable)
   */
  static ArtemisMqttBroker start(EmbeddedBrokerConfig settings) throws Exception {
    // Artemis logs its start-up, every address and queue it creates at INFO, and its audit
    // loggers (children of this one) every message; its warnings and errors are what an operator
    // needs. This holds outside Liberty (tests); in the server, Liberty gives every logger its
    // level from the trace specification, so liberty/server.xml sets org.apache.activemq.* to
    // warning.
    ARTEMIS_LOG.setLevel(Level.WARNING);
    Path dir = settings.directory();
    Files.createDirectories(dir);
    boolean secured = settings.credentials().isPresent();

    ConfigurationImpl c = new ConfigurationImpl();
    c.setName("dataflow-embedded-mqtt");
    c.setPersistenceEnabled(true);
    // NIO: no libaio native library; durable through FileChannel.force.
    c.setJournalType(JournalType.NIO);
    c.setJournalDirectory(dir.resolve("journal").toString());
    c.setBindingsDirectory(dir.resolve("bindings").toString());
    c.setPagingDirectory(dir.resolve("paging").toString());
    c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
    c.setNodeManagerLockDirectory(dir.toString());
    c.setJournalSyncTransactional(true);
    c.setJournalSyncNonTransactional(true);
    c.setJournalDatasync(true);
    c.setJMXManagementEnabled(false);
    // No cluster connection, broadcast or discovery group is configured: a single broker.
    // Only the protocol registered below (and Core, which has no acceptor here).
    c.setResolveProtocols(false);
    // MQTT's own topic syntax: addresses are the topics as devices send them (a '.' in a device id
    // stays a character, it does not become a level) and no conversion runs per message.
    c.setWildCardConfiguration(
        new WildcardConfiguration().setDelimiter('/').setAnyWords('#').setSingleWord('+'));
    c.setGlobalMaxSize(Math.min(GLOBAL_MEMORY_BYTES, Runtime.getRuntime().maxMemory() / 4));
    c.addAddressSetting(
        "#",
        new AddressSettings()
            .setMaxSizeBytes(ADDRESS_MEMORY_BYTES)
            .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
            // Never dropped for being delivered too often (the default is 10 attempts, then the
            // dead-letter address or, with none, the bin): a message the pipeline has not yet
            // acknowledged stays until it does. The two addresses are set so that Artemis does
            // not warn about their absence for every subscription queue.
            .setMaxDeliveryAttempts(-1)
            .setDeadLetterAddress(SimpleString.of("DLQ"))
            .setExpiryAddress(SimpleString.of("ExpiryQueue")));
    c.setSecurityEnabled(secured);
    // Artemis authenticates its cluster user by this password before asking the security manager;
    // there is no cluster, so it is a random secret nobody knows (the default is a known string).
    c.setClusterPassword(randomSecret());
    c.addAcceptorConfiguration(ACCEPTOR, acceptorUri(settings));

    ActiveMQServerImpl s =
        new ActiveMQServerImpl(
            c,
            new EmbeddedBrokerSecurity(
                settings.credentials().map(Credentials::username).orElse(null),
                settings.credentials().map(Credentials::password).orElse(null)));
    s.addProtocolManagerFactory(new BoundedMqttProtocolManagerFactory(settings.maxMessageBytes()));
    ArtemisMqttBroker broker = new ArtemisMqttBroker(s);
    try {
      s.start();
      if (!s.waitForActivation(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the broker did not become active within 60 s");
      }
      Acceptor acceptor = s.getRemotingService().getAcceptor(ACCEPTOR);
      if (acceptor == null || !acceptor.isStarted()) {
        throw new IllegalStateException(
            "its MQTT acceptor did not start on "
                + settings.host()
                + ":"
                + settings.port()
                + " (is the port taken?)");
      }
    } catch (Exception | Error e) {
      broker.stop();
      throw e;
    }
    return broker;
  }

  private static String acceptorUri(EmbeddedBrokerConfig settings) {
    String host = settings.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "tcp://"
        + host
        + ":"
        + settings.port()
        + "?protocols=MQTT"
        // Netty's NIO transport: no native library loaded into the application server.
        + ";useEpoll=false;useKQueue=false"
        // MQTT 5 clients are told the limit in CONNACK and refused with reason 0x95 beyond it;
        // the decoder of BoundedMqttProtocolManagerFactory enforces it for every version.
        + ";maximumPacketSize="
        + settings.maxMessageBytes();
  }

  private static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * Stops the broker: no new connections, then every client's connection is closed here, so that
   * Artemis's clean-up of their sessions (it writes the session state of clean sessions) runs
   * before the journal closes rather than racing with it; then the server stops.
   */
  void stop() {
    try {
      RemotingService remoting = server.getRemotingService();
      if (remoting != null && server.isStarted()) {
        remoting.pauseAcceptors();
        MQTTStateManager mqtt = MQTTStateManager.getInstance(server);
        // Those disconnecting on their own (ingestion, just before) get the grace period. A client
        // leaves the connected clients once Artemis has finished with its session.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
        awaitNoClients(remoting, mqtt, deadline);
        for (RemotingConnection connection : remoting.getConnections()) {
          connection.fail(new ActiveMQException("the embedded MQTT broker is stopping"));
        }
        awaitNoClients(
            remoting,
            mqtt,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS));
      }
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopNow();
    } catch (Exception e) {
      Logger.getLogger(ArtemisMqttBroker.class.getName())
          .log(Level.WARNING, "Stopping the embedded MQTT broker failed", e);
    }
  }

  private static void awaitNoClients(RemotingService remoting, MQTTStateManager mqtt, long deadline)
      throws InterruptedException {
    while ((remoting.getConnectionCount() > 0 || !mqtt.getConnectedClients().isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private void stopNow() {
    try {
      server.stop();
    } catch (Exception e) {
      Logger.getLogger(ArtemisMqttBroker.class.getName())
          .log(Level.WARNING, "Stopping the embedded MQTT broker failed", e);
    }
  }

  /** The running Artemis server, for tests. */
  ActiveMQServer server() {
    return server;
  }
}
