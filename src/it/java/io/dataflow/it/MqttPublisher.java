package io.dataflow.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device stand-in for tests: publishes with a window of unacknowledged QoS 1 messages, and on a
 * broken connection reconnects and publishes the same message again until the broker accepts it (so
 * every message is delivered at least once even across a broker restart).
 */
public final class MqttPublisher implements AutoCloseable {
  private static final int WINDOW = 500;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options = new MqttConnectOptions();
  private final Deque<IMqttDeliveryToken> inFlight = new ArrayDeque<>();

  public MqttPublisher(String url) throws MqttException {
    this(url, null);
  }

  /**
   * A publisher over TLS ({@code ssl://} URLs) with the given socket factory, which carries the
   * trusted CA and, for mutual TLS, the client certificate.
   */
  public MqttPublisher(String url, javax.net.SocketFactory socketFactory) throws MqttException {
    client = new MqttAsyncClient(url, "it-pub-" + System.nanoTime(), new MemoryPersistence());
    options.setCleanSession(true);
    if (socketFactory != null) {
      options.setSocketFactory(socketFactory);
    }
    options.setMaxInflight(WINDOW);
    connect();
  }

  public void publish(String topic, String payload) throws Exception {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes with QoS 1, waiting for the oldest acknowledgement when the window is full. */
  public void publish(String topic, byte[] payload) throws Exception {
    while (true) {
      try {
        if (inFlight.size() >= WINDOW) {
          inFlight.removeFirst().waitForCompletion(30_000);
        }
        inFlight.addLast(client.publish(topic, payload, 1, false));
        return;
      } catch (MqttException e) {
        recover();
      }
    }
  }

  /** Waits until every published message is acknowledged by the broker. */
  public void flush() throws Exception {
    while (!inFlight.isEmpty()) {
      inFlight.removeFirst().waitForCompletion(30_000);
    }
  }

  private void recover() throws InterruptedException {
    // Messages whose acknowledgement was lost with the connection are republished by the caller's
    // retry of the failed message only; tests that restart the broker publish synchronously.
    inFlight.clear();
    while (!client.isConnected()) {
      try {
        connect();
      } catch (MqttException e) {
        Thread.sleep(200);
      }
    }
  }

  private void connect() throws MqttException {
    client.connect(options).waitForCompletion(10_000);
  }

  @Override
  public void close() throws Exception {
    flush();
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(10_000);
    }
    client.close();
  }
}
