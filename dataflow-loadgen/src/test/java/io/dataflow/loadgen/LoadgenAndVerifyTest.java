package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end against a real broker: what {@code loadgen} and {@code fuzz} publish
 * arrives, their summaries say so, and {@code verify} finds a planted gap in an archive built from
 * what arrived (standing in for the pipeline).
 */
class LoadgenAndVerifyTest {
  @TempDir Path dir;

  record Received(String topic, byte[] payload) {}

  @Test
  void everyAcknowledgedMessageArrivesAndVerifyFindsWhatAnArchiveLacks() throws Exception {
    try (Mosquitto broker = new Mosquitto(dir)) {
      List<Received> received = subscribe(broker);
      Path summary = dir.resolve("run.json");
      Path devices = dir.resolve("devices.json");

      int code =
          run(
              "loadgen",
              "--broker=" + broker.url(),
              "--count=3000",
              "--devices=50",
              "--locations=5",
              "--payload-bytes=120",
              "--run=t1",
              "--seed=7",
              "--summary=" + summary,
              "--devices-file=" + devices);

      assertThat(code).isZero();
      RunSummary s = RunSummary.read(summary);
      assertThat(s.sent()).isEqualTo(3000);
      assertThat(s.acked()).isEqualTo(3000);
      assertThat(s.perDevice().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
      assertThat(new ObjectMapper().readTree(devices.toFile())).hasSize(50);
      awaitCount(received, 3000);

      Path data = dir.resolve("data");
      archive(data, received.subList(2, received.size()));
      Path report = dir.resolve("report.json");
      assertThat(
              run(
                  "verify",
                  "--expect=" + summary,
                  "--data-dir=" + data,
                  "--sinks=archive",
                  "--report=" + report))
          .isEqualTo(1);
      JsonNode archive = new ObjectMapper().readTree(report.toFile()).get("sinks").get(0);
      assertThat(archive.get("missing").asLong()).isEqualTo(2);
      assertThat(archive.get("found").asLong()).isEqualTo(2998);

      archive(data, received);
      assertThat(run("verify", "--expect=" + summary, "--data-dir=" + data, "--sinks=archive"))
          .isZero();
    }
  }

  @Test
  void fuzzMessagesOnUnroutedTopicsNeverReachTheRoute() throws Exception {
    try (Mosquitto broker = new Mosquitto(dir)) {
      List<Received> received = subscribe(broker);
      Path summary = dir.resolve("fuzz.json");

      int code =
          run(
              "fuzz",
              "--broker=" + broker.url(),
              "--count=1000",
              "--oversize-bytes=5000",
              "--run=f1",
              "--seed=3",
              "--summary=" + summary);

      assertThat(code).isZero();
      RunSummary s = RunSummary.read(summary);
      long routed = s.perDevice().values().stream().mapToLong(Long::longValue).sum();
      assertThat(routed + s.unrouted()).isEqualTo(1000);
      assertThat(s.unrouted()).isPositive();
      awaitCount(received, (int) routed);
      assertThat(received)
          .allSatisfy(r -> assertThat(FuzzKind.keyOf(r.topic().split("/")[1])).isPresent());
    }
  }

  private static int run(String... args) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, quiet, new PrintStream(err));
    if (code == 2) {
      System.err.println(err);
    }
    return code;
  }

  private static List<Received> subscribe(Mosquitto broker) throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    MqttClient client =
        new MqttClient(broker.url(), "test-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMaxInflight(1000);
    client.connect(o);
    client.subscribe(
        "devices/+/telemetry", 1, (topic, m) -> received.add(new Received(topic, m.getPayload())));
    return received;
  }

  private static void awaitCount(List<Received> received, int n) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received).hasSize(n));
  }

  /** Writes what arrived as one archive object, as the archive sink would. */
  private static void archive(Path data, List<Received> messages) throws Exception {
    Path file = data.resolve("archive").resolve("all.jsonl.gz");
    Files.createDirectories(file.getParent());
    Instant now = Instant.now();
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (Received r : messages) {
        String device = r.topic().split("/")[1];
        Envelope e =
            new Envelope(
                1,
                UUID.randomUUID().toString(),
                device,
                now,
                now,
                new Source(r.topic(), "telemetry"),
                Map.of(),
                Payload.json(r.payload()),
                Map.of());
        EnvelopeCodec.writeTo(e, out);
        out.write('\n');
      }
    }
  }
}
