package io.dataflow.it.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A poison set, then good traffic, on the all-in-one IT server, black box: odd messages never stall
 * the pipeline. Each poison message is either dead-lettered with its reason or stored with its
 * event time marked; every good message reaches both sinks; the server stays ready. The archive
 * objects and the dead-letter file are read with Jackson's line reader, one record per line.
 */
class PoisonMessagesServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GOOD = 40;

  @BeforeAll
  static void broker() throws Exception {
    Stores.awaitServerWithSharedBroker();
  }

  /** A poison message: device, payload, and whether it must be stored (else dead-lettered). */
  private record Poison(String device, String payload, String deadLetterReason) {}

  @Test
  void poisonMessagesAreDeadLetteredOrStoredMarkedAndGoodTrafficAfterThemReachesBothSinks()
      throws Exception {
    String run = "poison" + System.currentTimeMillis();
    Map<Integer, Poison> poison = new HashMap<>();
    int seq = 0;
    // Event times no sink holds: kept, with the receive time and the original in an attribute.
    for (String ts :
        List.of(
            "\"+10000-01-01T00:00:00Z\"",
            "\"+10005-06-01T12:00:00Z\"",
            "\"+999999999-12-31T23:59:59Z\"",
            "\"-999999999-01-01T00:00:00Z\"",
            Long.toString(Long.MAX_VALUE))) {
      poison.put(
          seq,
          new Poison(
              run + "-p", "{\"run\":\"" + run + "\",\"seq\":" + seq + ",\"ts\":" + ts + "}", null));
      seq++;
    }
    // Pretty-printed, and with a trailing newline (mosquitto_pub -f): stored, one line each.
    poison.put(
        seq,
        new Poison(
            run + "-p", "{\n  \"run\": \"" + run + "\",\n  \"seq\": " + seq + "\n}\n", null));
    seq++;
    poison.put(
        seq, new Poison(run + "-p", "{\"run\":\"" + run + "\",\"seq\":" + seq + "}\n", null));
    seq++;
    // A NUL escape in a string: stored as it is.
    poison.put(
        seq,
        new Poison(
            run + "-p", "{\"run\":\"" + run + "\",\"seq\":" + seq + ",\"s\":\"a\\u0000b\"}", null));
    seq++;
    // Device ids no store takes: dead-lettered with the reason.
    poison.put(
        seq,
        new Poison(
            "x".repeat(2_000),
            "{\"run\":\"" + run + "\",\"seq\":" + seq + "}",
            "invalid-device-id"));
    seq++;
    poison.put(
        seq,
        new Poison(
            "__" + run + "__",
            "{\"run\":\"" + run + "\",\"seq\":" + seq + "}",
            "invalid-device-id"));
    seq++;
    int firstGood = seq;

    try (MqttPublisher devices =
        new MqttPublisher("tcp://127.0.0.1:" + ServerUnderTest.mqttPort())) {
      for (Map.Entry<Integer, Poison> p : poison.entrySet()) {
        devices.publish("devices/" + p.getValue().device() + "/telemetry", p.getValue().payload());
      }
      for (int i = 0; i < GOOD; i++) {
        devices.publish(
            "devices/" + run + "-d" + (i % 10) + "/telemetry",
            "{\"run\":\"" + run + "\",\"seq\":" + (firstGood + i) + "}");
      }
    }

    Set<Integer> stored = new HashSet<>();
    for (int i = 0; i < GOOD; i++) {
      stored.add(firstGood + i);
    }
    poison.forEach(
        (s, p) -> {
          if (p.deadLetterReason() == null) {
            stored.add(s);
          }
        });

    // Warehouse: every stored message, once.
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(warehouseSeqs(run)).containsExactlyInAnyOrderElementsOf(stored));

    // Archive: every stored message; the replaced event times marked with their original value.
    Stores.flushArchive();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(Stores.archivedBySeq(run).keySet())
                    .containsExactlyInAnyOrderElementsOf(stored));
    Map<Integer, JsonNode> records = Stores.archivedBySeq(run);
    for (int s = 0; s < 5; s++) {
      JsonNode attributes = records.get(s).path("attributes");
      assertThat(attributes.path("dataflow.event-time").asText())
          .as("seq " + s)
          .isEqualTo("received");
      assertThat(attributes.path("dataflow.event-time.original").asText())
          .as("seq " + s)
          .isNotEmpty();
    }
    assertThat(records.get(7).at("/payload/s").asText()).isEqualTo("a\u0000b");

    // Dead letters: the two bad ids, each with its reason.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Map<Integer, String> reasons = deadLetterReasons(run);
              poison.forEach(
                  (s, p) -> {
                    if (p.deadLetterReason() != null) {
                      assertThat(reasons.get(s))
                          .as("dead letter of seq " + s)
                          .isEqualTo(p.deadLetterReason());
                    }
                  });
            });

    assertThat(ServerUnderTest.get("/health/ready").statusCode()).isEqualTo(200);
  }

  private static Set<Integer> warehouseSeqs(String run) throws Exception {
    Set<Integer> seqs = new HashSet<>();
    try (Connection c = Stores.warehouse();
        PreparedStatement st =
            c.prepareStatement("SELECT PAYLOAD FROM TELEMETRY WHERE PAYLOAD LIKE ?")) {
      st.setString(1, "%" + run + "%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          assertThat(seqs.add(JSON.readTree(rs.getString(1)).get("seq").asInt())).isTrue();
        }
      }
    }
    return seqs;
  }

  /** Seq to dead-letter reason, of this run's dead letters, each line read by Jackson. */
  private static Map<Integer, String> deadLetterReasons(String run) throws IOException {
    Map<Integer, String> reasons = new HashMap<>();
    Path dir = ServerUnderTest.dataDir().resolve("dead-letters");
    if (!Files.isDirectory(dir)) {
      return reasons;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList();
    }
    for (Path file : files) {
      try (MappingIterator<JsonNode> lines =
          JSON.readerFor(JsonNode.class).readValues(Files.readAllBytes(file))) {
        while (lines.hasNext()) {
          JsonNode letter = lines.next();
          if (run.equals(letter.at("/payload/run").asText())) {
            reasons.put(
                letter.at("/payload/seq").asInt(),
                letter.path("attributes").path("dlq.reason").asText());
          }
        }
      }
    }
    return reasons;
  }
}
