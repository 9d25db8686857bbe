package io.dataflow.it.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.it.Metrics;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive stage on the deployed EAR with its embedded default store: 10,000 MQTT messages from
 * 9 devices in 3 locations (d1..d9 of liberty/devices.json) over 2 event days go through ingestion
 * and enrich, and come out as gzip JSONL objects under {@code <data-dir>/archive/} in their {@code
 * yyyy/MM/dd/location} folders. Every object is read back with gunzip and a JSON parser.
 */
class ArchiveSinkServerIT {
  private static final int MESSAGES = 10_000;
  private static final int DEVICES = 9;

  /** Locations of devices d1, d2, d3 in liberty/devices.json; d4..d9 repeat them. */
  private static final List<String> LOCATIONS =
      List.of("plant-north", "plant-south", "warehouse-east");

  private static final Instant DAY1 = Instant.parse("2026-11-20T08:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void broker() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  @Test
  void tenThousandMqttMessagesLandInTheirDateAndLocationFoldersExactlyOnce() throws Exception {
    String run = "ar" + System.currentTimeMillis();
    double ingested = Metrics.stageMessages("ingestion", "acked");
    try (MqttPublisher c = new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (int i = 0; i < MESSAGES; i++) {
        Instant ts = DAY1.plus(Duration.ofDays(i % 2)).plusSeconds(i);
        c.publish(
            "devices/d" + (1 + i % DEVICES) + "/telemetry",
            "{\"ts\":\"" + ts + "\",\"run\":\"" + run + "\",\"seq\":" + i + "}");
      }
      c.flush();
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> Metrics.stageMessages("ingestion", "acked") >= ingested + MESSAGES);

    Path archive = ServerUnderTest.dataDir().resolve("archive");
    // Groups seal on their idle limit (30s by default) once the messages stop.
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(read(archive, run)).hasSize(MESSAGES));

    List<Line> lines = read(archive, run);
    Set<Integer> seqs = new HashSet<>();
    for (Line l : lines) {
      int seq = l.payload().get("seq").asInt();
      seqs.add(seq);
      var day = l.envelope().eventTime().atZone(ZoneOffset.UTC).toLocalDate();
      String location = LOCATIONS.get((seq % DEVICES) % 3);
      assertThat(l.folder())
          .isEqualTo(
              String.format(
                  "%04d/%02d/%02d/%s",
                  day.getYear(), day.getMonthValue(), day.getDayOfMonth(), location));
      assertThat(l.envelope().eventTime())
          .isEqualTo(DAY1.plus(Duration.ofDays(seq % 2)).plusSeconds(seq));
      assertThat(l.envelope().enrichmentString("location")).isEqualTo(location);
    }
    assertThat(seqs).hasSize(MESSAGES);
    assertThat(lines.stream().map(Line::folder).distinct())
        .containsExactlyInAnyOrder(
            "2026/11/20/plant-north",
            "2026/11/20/plant-south",
            "2026/11/20/warehouse-east",
            "2026/11/21/plant-north",
            "2026/11/21/plant-south",
            "2026/11/21/warehouse-east");
  }

  private record Line(String folder, Envelope envelope, JsonNode payload) {}

  /** Every line of every object under the archive that belongs to this run. */
  private static List<Line> read(Path archive, String run) throws Exception {
    List<Line> out = new ArrayList<>();
    if (!Files.isDirectory(archive)) {
      return out;
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(archive)) {
      objects = files.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).toList();
    }
    for (Path object : objects) {
      String folder = archive.relativize(object.getParent()).toString();
      JsonNode meta =
          JSON.readTree(object.resolveSibling(object.getFileName() + ".meta.json").toFile());
      int count = 0;
      byte[] text;
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(object)))) {
        text = in.readAllBytes();
      }
      for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        count++;
        JsonNode json = JSON.readTree(line); // a JSON parser, not only the codec
        Envelope e = EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8));
        if (run.equals(json.path("payload").path("run").asText())) {
          out.add(new Line(folder, e, json.get("payload")));
        }
      }
      assertThat(meta.path("metadata").path("record-count").asInt())
          .as(object.toString())
          .isEqualTo(count);
      assertThat(meta.path("contentEncoding").asText()).isEqualTo("gzip");
    }
    return out;
  }
}
