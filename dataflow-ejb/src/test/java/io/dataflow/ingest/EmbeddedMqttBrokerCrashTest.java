package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded broker acknowledged survives a kill -9: the broker runs in a child JVM, a
 * device publishes QoS 1 messages (each to a topic of its own, so each creates an address) while
 * the persistent ingestion session consumes, the child is killed (SIGKILL) in the middle, a new
 * child starts on the same directory, and every message the broker PUBACKed reaches the session,
 * before or after the kill.
 */
class EmbeddedMqttBrokerCrashTest {
  private static final String READY = "broker-ready";
  private static final int MESSAGES = 3_000;
  private static final int KILL_AFTER_ACKS = 1_500;

  @TempDir Path dataDir;

  @Test
  void everyMessageThePubackAcknowledgedReachesThePersistentSessionAfterAKill() throws Exception {
    int port = freePort();
    String url = "tcp://127.0.0.1:" + port;
    Set<Integer> received = ConcurrentHashMap.newKeySet();
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

    Process broker = startChild(port);
    MqttClient ingestion = ingestion(url, received);
    ingestion.subscribe("devices/+/telemetry", 1);

    MqttAsyncClient device = new MqttAsyncClient(url, "device", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setMaxInflight(200);
    device.connect(o).waitForCompletion(10_000);
    Semaphore window = new Semaphore(200);
    CountDownLatch killPoint = new CountDownLatch(KILL_AFTER_ACKS);
    AtomicInteger published = new AtomicInteger();
    try {
      for (int i = 0; i < MESSAGES; i++) {
        if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
          break; // the broker is gone
        }
        int n = i;
        MqttMessage m = new MqttMessage(Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(
            "devices/dev-" + n + "/telemetry",
            m,
            null,
            new IMqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                acknowledged.add(n);
                if (acknowledged.size() == KILL_AFTER_ACKS) {
                  // Right at a PUBACK: what it acknowledged must be on record already.
                  broker.destroyForcibly(); // SIGKILL: no shutdown of any kind
                }
                killPoint.countDown();
                window.release();
              }

              @Override
              public void onFailure(IMqttToken token, Throwable e) {
                window.release();
              }
            });
        published.incrementAndGet();
        if (killPoint.getCount() == 0) {
          assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
          break;
        }
      }
    } catch (MqttException e) {
      // publishing stops when the broker dies
    }
    assertThat(broker.isAlive()).as("the broker was killed mid-stream").isFalse();
    int acked = acknowledged.size();
    assertThat(acked).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);
    closeQuietly(device);
    closeQuietly(ingestion);

    Process restarted = startChild(port);
    try {
      MqttClient again = ingestion(url, received);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!received.containsAll(acknowledged) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Set<Integer> missing = new TreeSet<>(acknowledged);
      missing.removeAll(received);
      assertThat(missing)
          .as(
              "acknowledged by the broker ("
                  + acked
                  + " of "
                  + published.get()
                  + " published) and never delivered")
          .isEmpty();
      closeQuietly(again);
    } finally {
      restarted.destroyForcibly();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private MqttClient ingestion(String url, Set<Integer> received) throws MqttException {
    MqttClient c = new MqttClient(url, "dataflow-ingestion", new MemoryPersistence());
    c.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(
                Integer.parseInt(new String(message.getPayload(), StandardCharsets.UTF_8)));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(false);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setMaxInflight(1000);
    c.connect(o);
    return c;
  }

  private Process startChild(int port) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedMqttBrokerCrashTest.class.getName(),
                Integer.toString(port),
                dataDir.resolve(EmbeddedBrokerConfig.DIRECTORY).toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(READY)) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe empty
                    }
                  } catch (IOException e) {
                    // the child is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new AssertionError("the broker child did not start:\n" + seen);
  }

  /** The child: the embedded broker until it is killed. */
  public static void main(String[] args) throws Exception {
    ArtemisMqttBroker.start(
        new EmbeddedBrokerConfig(
            Optional.empty(),
            "127.0.0.1",
            Integer.parseInt(args[0]),
            1_000_000,
            Path.of(args[1]),
            Optional.empty()));
    System.out.println(READY);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void closeQuietly(MqttClient c) {
    try {
      c.disconnectForcibly(100, 100);
      c.close(true);
    } catch (MqttException e) {
      // gone with the broker
    }
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      c.disconnectForcibly(100, 100);
      c.close(true);
    } catch (MqttException e) {
      // gone with the broker
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
