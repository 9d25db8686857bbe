package io.dataflow.demo.mqtt;

import io.dataflow.demo.DemoMessage;
import io.dataflow.demo.DemoPublisher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes demo messages at QoS 1 with a clean session. At most {@code maxInflight} messages await
 * their PUBACK; beyond that, and while disconnected, {@link #publish} refuses instead of buffering.
 * Connects on the first publish and again after a lost connection, waiting longer after each failed
 * attempt (from the minimum to the maximum reconnect delay of the ingestion connection).
 */
public final class MqttDemoPublisher implements DemoPublisher, MqttCallback {
  private static final Logger LOG = Logger.getLogger(MqttDemoPublisher.class.getName());

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final IMqttActionListener onAck =
      new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          acknowledged.incrementAndGet();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          lastError = "publish failed: " + e;
        }
      };
  private volatile Duration delay;
  private volatile long nextAttemptNanos = System.nanoTime();
  private volatile String lastError = "";
  private volatile boolean closed;

  /**
   * @param url the broker URL
   * @param clientId this publisher's own client id
   * @param options credentials, TLS and timeouts; the session is made clean and the in-flight
   *     window {@code maxInflight}
   * @throws MqttException when the URL or client id is not valid
   */
  public MqttDemoPublisher(
      String url,
      String clientId,
      MqttConnectOptions options,
      int maxInflight,
      Duration minDelay,
      Duration maxDelay)
      throws MqttException {
    this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    this.options = options;
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setMaxInflight(maxInflight);
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.delay = minDelay;
    client.setCallback(this);
  }

  @Override
  public boolean publish(DemoMessage message) {
    if (closed) {
      return false;
    }
    if (!client.isConnected()) {
      connectWhenDue();
      return false;
    }
    MqttMessage m = new MqttMessage(message.payload());
    m.setQos(1);
    try {
      client.publish(message.topic(), m, null, onAck);
      return true;
    } catch (MqttException e) {
      if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
        lastError = "publish failed: " + e;
      }
      return false;
    } catch (RuntimeException e) {
      lastError = "publish failed: " + e;
      return false;
    }
  }

  private void connectWhenDue() {
    if (System.nanoTime() - nextAttemptNanos < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    try {
      client.connect(
          options,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              connecting.set(false);
              delay = minDelay;
              lastError = "";
              LOG.info(() -> "Demo traffic connected to " + client.getServerURI());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              failedToConnect(e);
            }
          });
    } catch (MqttException | RuntimeException e) {
      failedToConnect(e);
    }
  }

  private void failedToConnect(Throwable e) {
    lastError = "cannot connect to " + client.getServerURI() + ": " + e;
    nextAttemptNanos = System.nanoTime() + delay.toNanos();
    delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    connecting.set(false);
    LOG.fine(() -> "Demo traffic: " + lastError);
  }

  @Override
  public long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      LOG.log(Level.FINE, "Demo traffic: disconnect", e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.log(Level.FINE, "Demo traffic: close", e);
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    lastError = "connection lost: " + cause;
    LOG.info(() -> "Demo traffic lost its MQTT connection (" + cause + "); reconnecting");
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    // Publishes only.
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // Counted by the publish listener.
  }
}
