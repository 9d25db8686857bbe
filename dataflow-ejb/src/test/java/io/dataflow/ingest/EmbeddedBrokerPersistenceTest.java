package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.Server;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker keeps what it acknowledged across a restart: QoS 1 messages queued for a
 * persistent session while its client is away are delivered after the broker comes back on the same
 * data directory.
 */
class EmbeddedBrokerPersistenceTest {
  @TempDir Path data;

  @Test
  void queuedQos1MessagesOfAPersistentSessionSurviveABrokerRestart() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://127.0.0.1:" + port;
    Server broker = EmbeddedMqttBroker.startMoquette("127.0.0.1", port, 1 << 20, data);
    try {
      MqttClient ingestion = new MqttClient(url, "ingestion", new MemoryPersistence());
      ingestion.connect(persistent());
      ingestion.subscribe("devices/#", 1);
      ingestion.disconnect();
      ingestion.close();

      MqttClient device = new MqttClient(url, "device-1", new MemoryPersistence());
      device.connect();
      for (int i = 0; i < 10; i++) {
        device.publish(
            "devices/d1/telemetry",
            ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
            1,
            false);
      }
      device.disconnect();
      device.close();
    } finally {
      broker.stopServer();
    }

    broker = EmbeddedMqttBroker.startMoquette("127.0.0.1", port, 1 << 20, data);
    try {
      List<String> received = new CopyOnWriteArrayList<>();
      MqttClient ingestion = new MqttClient(url, "ingestion", new MemoryPersistence());
      ingestion.setCallback(
          new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(
                String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
              received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken t) {}
          });
      ingestion.connect(persistent());

      Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> received.size() >= 10);
      assertThat(received)
          .containsExactlyInAnyOrder(
              "{\"n\":0}",
              "{\"n\":1}",
              "{\"n\":2}",
              "{\"n\":3}",
              "{\"n\":4}",
              "{\"n\":5}",
              "{\"n\":6}",
              "{\"n\":7}",
              "{\"n\":8}",
              "{\"n\":9}");
      ingestion.disconnect();
      ingestion.close();
    } finally {
      broker.stopServer();
    }
  }

  private static MqttConnectOptions persistent() {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(false);
    return o;
  }
}
