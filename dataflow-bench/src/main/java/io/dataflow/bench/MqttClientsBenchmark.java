package io.dataflow.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * How fast an MQTT client drains a persistent session's backlog of QoS 1 messages the way ingestion
 * consumes it (manual acknowledgements), Paho mqttv3 1.2.5 against HiveMQ MQTT Client 1.3.7, on one
 * connection and on several connections sharing the stream ({@code $share/...}).
 *
 * <p>Each trial starts a private mosquitto configured as {@code bench/lib.sh} does (persistence
 * off, {@code max_inflight_messages} 20 unless {@code --inflight} says otherwise), creates the
 * sessions, disconnects them, pre-loads COUNT messages of PAYLOAD bytes over 1,000 device topics,
 * then times the client under test from connect to the last message. Acknowledgement modes:
 *
 * <ul>
 *   <li>{@code immediate}: the PUBACK is sent from the arrival callback (the client's own cost);
 *   <li>{@code group-commit}: arrivals are appended to a file by one writer thread that forces it
 *       to disk per batch and then acknowledges the batch in order, as the journaled bus does.
 * </ul>
 *
 * <p>It reports messages per second and this JVM's CPU time per message (the broker is another
 * process), the median of the trials, after one untimed warm-up trial per client. Run: {@code java
 * -cp dataflow-bench/target/benchmarks.jar io.dataflow.bench.MqttClientsBenchmark [--count 100000]
 * [--payload-bytes 256] [--trials 3] [--connections 1,4] [--acks immediate,group-commit]
 * [--inflight 20]}.
 */
public final class MqttClientsBenchmark {
  private static final String FILTER = "devices/+/telemetry";

  private MqttClientsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = intArg(args, "--count", 100_000);
    int payloadBytes = intArg(args, "--payload-bytes", 256);
    int trials = intArg(args, "--trials", 3);
    int inflight = intArg(args, "--inflight", 20);
    List<Integer> connections =
        Arrays.stream(arg(args, "--connections", "1,4").split(",")).map(Integer::parseInt).toList();
    List<String> acks = List.of(arg(args, "--acks", "immediate,group-commit").split(","));
    List<String> clients = List.of(arg(args, "--clients", "paho,hivemq").split(","));

    System.out.printf(
        Locale.ROOT,
        "count=%d payload=%dB trials=%d mosquitto max_inflight_messages=%d cores=%d load=%.2f%n",
        count,
        payloadBytes,
        trials,
        inflight,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    // Warm-up: each client's classes loaded and its hot paths compiled before anything is timed.
    for (String client : clients) {
      trial(client, 1, "immediate", Math.min(count, 20_000), payloadBytes, inflight);
    }
    System.out.println("| client | connections | acknowledgement | msg/s | CPU µs/msg |");
    System.out.println("|---|---:|---|---:|---:|");
    for (String ack : acks) {
      for (int k : connections) {
        for (String client : clients) {
          List<double[]> results = new ArrayList<>();
          for (int t = 0; t < trials; t++) {
            results.add(trial(client, k, ack, count, payloadBytes, inflight));
          }
          double rate = median(results.stream().mapToDouble(r -> r[0]).toArray());
          double cpu = median(results.stream().mapToDouble(r -> r[1]).toArray());
          System.out.printf(
              Locale.ROOT, "| %s | %d | %s | %,.0f | %.1f |%n", client, k, ack, rate, cpu);
        }
      }
    }
  }

  /** One trial: {rate in msg/s, CPU µs per message}. */
  private static double[] trial(
      String client, int connections, String ack, int count, int payloadBytes, int inflight)
      throws Exception {
    try (Broker broker = Broker.start(inflight)) {
      String filter = connections == 1 ? FILTER : "$share/bench/" + FILTER;
      for (int i = 0; i < connections; i++) {
        createSession(broker.url(), "bench-sub-" + i, filter);
      }
      preload(broker.url(), count, payloadBytes);

      CountDownLatch done = new CountDownLatch(count);
      try (Committer committer = ack.equals("group-commit") ? new Committer() : null) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<AutoCloseable> subscribers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          String id = "bench-sub-" + i;
          subscribers.add(
              client.equals("hivemq")
                  ? hivemq(broker.port(), id, filter, done, committer)
                  : paho(broker.url(), id, filter, done, committer));
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              client + ": " + done.getCount() + " of " + count + " messages not received");
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        for (AutoCloseable s : subscribers) {
          s.close();
        }
        return new double[] {count / (wall / 1e9), cpu / 1e3 / count};
      }
    }
  }

  private static void createSession(String url, String id, String filter) throws MqttException {
    MqttClient c = new MqttClient(url, id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(false);
    c.connect(o);
    c.subscribe(filter, 1);
    c.disconnect();
    c.close();
  }

  private static void preload(String url, int count, int payloadBytes) throws Exception {
    MqttAsyncClient p = new MqttAsyncClient(url, "bench-pub", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMaxInflight(1_000);
    p.connect(o).waitForCompletion(10_000);
    Semaphore window = new Semaphore(1_000);
    CountDownLatch acked = new CountDownLatch(count);
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    IMqttActionListener release =
        new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            acked.countDown();
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            window.release();
          }
        };
    for (int i = 0; i < count; i++) {
      window.acquire();
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      p.publish(String.format("devices/dev-%05d/telemetry", i % 1_000), m, null, release);
    }
    if (!acked.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("pre-load: " + acked.getCount() + " not acknowledged");
    }
    p.disconnect().waitForCompletion(10_000);
    p.close();
  }

  private static AutoCloseable paho(
      String url, String id, String filter, CountDownLatch done, Committer committer)
      throws MqttException {
    MqttClient c = new MqttClient(url, id, new MemoryPersistence());
    c.setManualAcks(true);
    c.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            int messageId = m.getId();
            Runnable ack =
                () -> {
                  try {
                    c.messageArrivedComplete(messageId, 1);
                  } catch (MqttException e) {
                    throw new IllegalStateException(e);
                  }
                  done.countDown();
                };
            if (committer == null) {
              ack.run();
            } else {
              committer.append(m.getPayload().length, ack);
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(false);
    o.setMaxInflight(1_000);
    c.connect(o);
    c.subscribe(filter, 1);
    return () -> {
      c.disconnect();
      c.close();
    };
  }

  private static AutoCloseable hivemq(
      int port, String id, String filter, CountDownLatch done, Committer committer) {
    Mqtt3AsyncClient c =
        Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).buildAsync();
    c.publishes(
        MqttGlobalPublishFilter.ALL,
        publish -> {
          Runnable ack =
              () -> {
                publish.acknowledge();
                done.countDown();
              };
          if (committer == null) {
            ack.run();
          } else {
            committer.append(publish.getPayloadAsBytes().length, ack);
          }
        },
        true);
    c.connectWith().cleanSession(false).send().join();
    c.subscribeWith()
        .topicFilter(filter)
        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
        .send()
        .join();
    return () -> c.disconnect().get(10, TimeUnit.SECONDS);
  }

  /**
   * The journaled bus's shape: one writer appends what arrived, forces the file once per batch,
   * then acknowledges the batch in arrival order.
   */
  private static final class Committer implements AutoCloseable {
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(8_192);
    private final Path file;
    private final FileChannel channel;
    private final Thread writer;
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean stopped;

    Committer() throws IOException {
      file = Files.createTempFile("bench-group-commit", ".log");
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      writer = new Thread(this::run, "bench-committer");
      writer.setDaemon(true);
      writer.start();
    }

    void append(int bytes, Runnable ack) {
      try {
        queue.put(new Object[] {bytes, ack});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      List<Object[]> batch = new ArrayList<>();
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      try {
        while (!stopped) {
          Object[] first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch);
          buf.clear();
          for (Object[] e : batch) {
            int n = Math.min((Integer) e[0] + 16, buf.remaining());
            buf.position(buf.position() + n);
          }
          buf.flip();
          while (buf.hasRemaining()) {
            channel.write(buf);
          }
          channel.force(false);
          batches.incrementAndGet();
          for (Object[] e : batch) {
            ((Runnable) e[1]).run();
          }
          batch.clear();
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws IOException, InterruptedException {
      stopped = true;
      writer.join(5_000);
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  /** A private mosquitto on a free port, configured like bench/lib.sh's. */
  private record Broker(Process process, int port, Path dir) implements AutoCloseable {
    static Broker start(int inflight) throws IOException, InterruptedException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("bench-mosquitto");
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "listener " + port + " 127.0.0.1",
              "allow_anonymous true",
              "persistence false",
              "max_queued_messages 2000000",
              "max_queued_bytes 0",
              "max_inflight_messages " + inflight,
              ""));
      String exe =
          Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
      Process p =
          new ProcessBuilder(exe, "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(new File(dir.toFile(), "mosquitto.log"))
              .start();
      for (int i = 0; i < 200; i++) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return new Broker(p, port, dir);
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      p.destroyForcibly();
      throw new IOException("mosquitto did not listen on " + port);
    }

    String url() {
      return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
