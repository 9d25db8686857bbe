package io.dataflow.bus.mqtt;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.bus.PollingPublisher;
import io.dataflow.concurrent.Heartbeats;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT subscription feeding one channel. Received messages wait in a bounded queue (the Paho
 * callback blocks when it is full, which pushes back on the broker). Ack releases the broker
 * acknowledgement in arrival order; nack retries the same message after a delay, holding back later
 * acknowledgements, so nothing is acknowledged that did not reach {@code raw}.
 *
 * <p>The worker that hands the received messages on is watched as {@code mqtt-<channel>} ({@link
 * Heartbeats}): its pending work is the messages received and not yet handed on, while the channel
 * asks for them; each hand-off is progress.
 */
public final class MqttSource implements MqttCallbackExtended {
  private static final Logger LOG = Logger.getLogger(MqttSource.class.getName());

  private final MqttSourceOptions options;
  private final Clock clock;
  private final ThreadFactory threads;
  private final BlockingQueue<Pending> received;
  private final DelayQueue<Pending> retries = new DelayQueue<>();
  private final PubackSequencer sequencer;
  private final PollingPublisher<MqttDelivery> publisher;
  private final LongAdder arrivals = new LongAdder();
  private final LongAdder redeliveries = new LongAdder();
  private MqttAsyncClient client;
  private volatile boolean connected;
  private volatile boolean subscribed;
  private volatile boolean stopped;
  private volatile boolean paused;
  private volatile String lastError = "not connected yet";
  private final Object reconnect = new Object();

  public MqttSource(MqttSourceOptions options, Clock clock, ThreadFactory threads) {
    this(options, clock, threads, Heartbeats.unobserved());
  }

  /** A source whose hand-off worker {@code heartbeats} watches. */
  public MqttSource(
      MqttSourceOptions options, Clock clock, ThreadFactory threads, Heartbeats heartbeats) {
    this.options = options;
    this.clock = clock;
    this.threads = threads;
    this.received = new LinkedBlockingQueue<>(options.receiveQueue());
    this.sequencer = new PubackSequencer(this::sendAck);
    this.publisher =
        new PollingPublisher<>(
            options.channel(),
            this::poll,
            threads,
            heartbeats.register("mqtt-" + options.channel(), this::handOffPending));
  }

  /** Messages received and not yet handed on while the channel asks for them (no lock taken). */
  private boolean handOffPending() {
    PollingPublisher<MqttDelivery> p = publisher;
    return !received.isEmpty() && p != null && p.hasDemand();
  }

  public PollingPublisher<MqttDelivery> publisher() {
    return publisher;
  }

  /** Starts connecting in the background; retries with backoff until connected, then forever. */
  public void start() {
    try {
      client = new MqttAsyncClient(options.url(), options.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new io.dataflow.config.ConfigurationException(
          "Invalid MQTT broker URL '"
              + options.url()
              + "' ("
              + MqttSettings.URL.key()
              + "): "
              + e.getMessage(),
          e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
    Thread t = threads.newThread(this::connectLoop);
    t.setName("dataflow-mqtt-connect");
    t.setDaemon(true);
    t.start();
  }

  public void stop() {
    stopped = true;
    publisher.stop();
    synchronized (reconnect) {
      reconnect.notifyAll();
    }
    try {
      if (client != null && client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
      if (client != null) {
        client.close(true);
      }
    } catch (MqttException e) {
      LOG.log(Level.FINE, "MQTT disconnect at shutdown", e);
    }
  }

  /**
   * Stops taking new messages while staying connected, so the messages already in the pipeline can
   * still be acknowledged. What arrives from now on is left unacknowledged: the broker keeps it in
   * the persistent session and delivers it again after the restart.
   */
  public void pauseIntake() {
    paused = true;
  }

  public boolean isConnected() {
    return connected;
  }

  public boolean isSubscribed() {
    return connected && subscribed;
  }

  public String lastError() {
    return lastError;
  }

  public String url() {
    return options.url();
  }

  public long arrivals() {
    return arrivals.sum();
  }

  public int awaitingAck() {
    return sequencer.waiting();
  }

  private void connectLoop() {
    Duration delay = options.reconnectMinDelay();
    while (!stopped) {
      if (!connected) {
        try {
          sequencer.newConnection();
          client
              .connect(options.connectOptions())
              .waitForCompletion(options.connectTimeoutMillis());
          connected = true;
          subscribe();
          delay = options.reconnectMinDelay();
          LOG.info(
              () ->
                  "MQTT connected to "
                      + options.url()
                      + " as "
                      + options.clientId()
                      + ", subscribed to "
                      + String.join(", ", options.filters()));
        } catch (MqttException | RuntimeException e) {
          connected = client.isConnected();
          lastError = connectionError(options.url(), e);
          String wait = delay.toMillis() + " ms";
          LOG.warning(
              () ->
                  "MQTT connection to "
                      + options.url()
                      + " failed: "
                      + lastError
                      + "; retrying in "
                      + wait);
          if (client.isConnected()) {
            try {
              client.disconnect().waitForCompletion(options.connectTimeoutMillis());
            } catch (MqttException ignored) {
              // the connection is being dropped anyway
            }
            connected = false;
          }
          sleep(delay);
          delay =
              delay.multipliedBy(2).compareTo(options.reconnectMaxDelay()) > 0
                  ? options.reconnectMaxDelay()
                  : delay.multipliedBy(2);
          continue;
        }
      }
      synchronized (reconnect) {
        while (connected && !stopped) {
          try {
            reconnect.wait(1_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * The reason a connection attempt failed, as the log and the health details show it. Over TLS, a
   * handshake the broker cut short usually means a plaintext listener: the text says so, because
   * the connector never falls back to plaintext.
   */
  static String connectionError(String url, Exception e) {
    Throwable cause = e.getCause();
    String text = e.getMessage() + (cause == null ? "" : " (" + cause + ")");
    if (url.startsWith("ssl://")
        && (cause instanceof java.net.SocketException || cause instanceof java.io.EOFException)) {
      return text
          + "; the broker closed the connection during the TLS handshake: is its listener a TLS"
          + " one? (ssl:// never falls back to plaintext)";
    }
    return text;
  }

  private void subscribe() throws MqttException {
    String[] filters = options.filters().toArray(String[]::new);
    int[] qos = options.qos();
    var token = client.subscribe(filters, qos);
    token.waitForCompletion(options.connectTimeoutMillis());
    for (int granted : token.getGrantedQos()) {
      if (granted == 0x80) {
        throw new IllegalStateException(
            "broker refused the subscription to " + String.join(", ", filters));
      }
    }
    subscribed = true;
    lastError = "";
  }

  private void sleep(Duration d) {
    synchronized (reconnect) {
      try {
        reconnect.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      }
    }
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    // Connection state is driven by connectLoop.
  }

  @Override
  public void connectionLost(Throwable cause) {
    connected = false;
    subscribed = false;
    lastError = "connection lost: " + cause;
    LOG.warning(() -> "MQTT connection to " + options.url() + " lost: " + cause + "; reconnecting");
    synchronized (reconnect) {
      reconnect.notifyAll();
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
    if (paused) {
      return; // not acknowledged: redelivered by the broker after the restart
    }
    arrivals.increment();
    PubackSequencer.Slot slot = sequencer.arrived(message.getId(), message.getQos());
    MqttDelivery d =
        new MqttDelivery(
            topic, message.getPayload(), message.getQos(), message.isDuplicate(), clock.instant());
    received.put(new Pending(d, slot, 1, 0));
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // This connector never publishes.
  }

  private BusMessage<MqttDelivery> poll(long timeoutMillis) throws InterruptedException {
    if (paused && received.isEmpty() && retries.isEmpty()) {
      return null;
    }
    Pending p = retries.poll();
    if (p == null) {
      p = received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }
    if (p == null) {
      return null;
    }
    Pending pending = p;
    return new BusMessage<>(
        pending.delivery,
        new DeliveryMetadata(pending.attempt, options.channel()),
        () -> sequencer.completed(pending.slot),
        reason -> {
          redeliveries.increment();
          long delay = options.nackRetry().delayAfter(pending.attempt).toNanos();
          retries.add(
              new Pending(
                  pending.delivery, pending.slot, pending.attempt + 1, System.nanoTime() + delay));
        });
  }

  private void sendAck(int messageId, int qos) {
    try {
      client.messageArrivedComplete(messageId, qos);
    } catch (MqttException e) {
      // The broker redelivers unacknowledged messages on the next connection.
      LOG.log(Level.FINE, "Could not acknowledge MQTT message " + messageId, e);
    }
  }

  private record Pending(
      MqttDelivery delivery, PubackSequencer.Slot slot, int attempt, long notBeforeNanos)
      implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(notBeforeNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
