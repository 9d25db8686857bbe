package io.dataflow.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes to an MQTT broker with at most {@code maxInFlight} unacknowledged messages: {@link
 * #publish} blocks while the window is full, so a slow broker slows the generator instead of
 * growing a queue. Counts what was sent, acknowledged (PUBACK for QoS 1, written for QoS 0) and
 * failed, and remembers which keys were never acknowledged. The session is persistent and
 * reconnects automatically, so in-flight QoS 1 messages are resent after a broker outage.
 */
public final class MqttPublisher implements AutoCloseable {
  private final MqttAsyncClient client;
  private final Semaphore window;
  private final int maxInFlight;
  private final Set<MessageKey> inFlight = ConcurrentHashMap.newKeySet();
  private final List<MessageKey> failed = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final IMqttActionListener listener =
      new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          if (inFlight.remove((MessageKey) token.getUserContext())) {
            acked.incrementAndGet();
            window.release();
          }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          MessageKey key = (MessageKey) token.getUserContext();
          if (inFlight.remove(key)) {
            synchronized (failed) {
              failed.add(key);
            }
            window.release();
          }
        }
      };

  public MqttPublisher(String brokerUrl, String clientId, int maxInFlight) throws MqttException {
    this.maxInFlight = maxInFlight;
    this.window = new Semaphore(maxInFlight);
    this.client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
    buffer.setBufferEnabled(true);
    buffer.setBufferSize(maxInFlight + 1);
    buffer.setDeleteOldestMessages(false);
    client.setBufferOpts(buffer);
  }

  /** Connects, retrying until the deadline (the broker may still be starting). */
  public void connect(Duration timeout) throws MqttException, InterruptedException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxInflight(maxInFlight);
    options.setKeepAliveInterval(10);
    options.setConnectionTimeout(5);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        client.connect(options).waitForCompletion(10_000);
        return;
      } catch (MqttException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * Publishes one message, blocking while {@code maxInFlight} messages await their ack.
   *
   * @return false if the window stayed full until {@code deadlineNanos} (nothing was sent)
   */
  public boolean publish(String topic, byte[] payload, int qos, MessageKey key, long deadlineNanos)
      throws InterruptedException {
    if (!window.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      return false;
    }
    MqttMessage message = new MqttMessage(payload);
    message.setQos(qos);
    inFlight.add(key);
    sent.incrementAndGet();
    try {
      client.publish(topic, message, key, listener);
    } catch (MqttException | RuntimeException e) {
      if (inFlight.remove(key)) {
        synchronized (failed) {
          failed.add(key);
        }
        window.release();
      }
    }
    return true;
  }

  /** Waits until every message is acknowledged or failed, or the timeout passes. */
  public boolean drain(Duration timeout) throws InterruptedException {
    if (window.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      window.release(maxInFlight);
      return true;
    }
    return false;
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  public int inFlight() {
    return inFlight.size();
  }

  /** Keys that were not acknowledged: failed, or still in flight. */
  public List<MessageKey> unacknowledged() {
    List<MessageKey> keys;
    synchronized (failed) {
      keys = new ArrayList<>(failed);
    }
    keys.addAll(inFlight);
    return keys;
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // Closing anyway: what was acknowledged is already counted.
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // Nothing more to release.
    }
  }
}
