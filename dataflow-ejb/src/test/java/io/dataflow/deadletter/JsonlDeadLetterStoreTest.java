package io.dataflow.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.testing.AwkwardJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlDeadLetterStoreTest {
  private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");
  private static final long BIG = 64L * 1024 * 1024;

  @TempDir Path dir;

  private static DeadLetter deadLetter(String id, Payload payload) {
    Envelope e =
        new Envelope(
            Envelope.CURRENT_VERSION,
            id,
            "d1",
            T,
            T,
            new Source("devices/d1/telemetry", "telemetry"),
            Map.of(),
            payload,
            Map.of());
    return new DeadLetter("enrich", "unknown-device", "no such device", T, e);
  }

  private static DeadLetter deadLetter(String id) {
    return deadLetter(id, Payload.json("{\"seq\":\"" + id + "\"}"));
  }

  private static List<String> ids(List<DeadLetter> letters) {
    return letters.stream().map(d -> d.envelope().id()).toList();
  }

  private List<String> fileNames() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] line(DeadLetter d) {
    return (new String(EnvelopeCodec.encode(d.toEnvelope()), StandardCharsets.UTF_8) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void payloadsWithLineBreaksAreOneLineEachForAStandardJsonlReader() throws Exception {
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 100);
    for (int i = 0; i < AwkwardJson.PAYLOADS.size(); i++) {
      store.append(deadLetter("id-" + i, Payload.json(AwkwardJson.PAYLOADS.get(i))));
    }
    store.append(deadLetter("bytes", Payload.bytes(new byte[] {'a', '\n', 'b', '\r', 0})));
    store.close();

    List<JsonNode> records = AwkwardJson.readJsonl(Files.readAllBytes(store.file()));
    assertThat(records).hasSize(AwkwardJson.PAYLOADS.size() + 1);
    for (int i = 0; i < AwkwardJson.PAYLOADS.size(); i++) {
      assertThat(records.get(i).get("id").asText()).isEqualTo("id-" + i);
      assertThat(records.get(i).get("payload"))
          .isEqualTo(AwkwardJson.value(AwkwardJson.PAYLOADS.get(i)));
      assertThat(records.get(i).get("attributes").get(DeadLetter.ATTR_STAGE).asText())
          .isEqualTo("enrich");
    }
    assertThat(records.get(records.size() - 1).get("payloadBase64").asText()).isEqualTo("YQpiDQA=");
  }

  @Test
  void rotatesBySizeAndDeletesTheOldestBeyondTheRetention() throws Exception {
    long lineBytes = line(deadLetter("id-000")).length;
    // three lines per file
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 1000, lineBytes * 3, 2);
    for (int i = 0; i < 14; i++) {
      store.append(deadLetter(String.format("id-%03d", i)));
    }
    store.close();

    // 14 lines: files of 3, 3, 3, 3 rotated (the first two deleted), 2 in the current file
    assertThat(fileNames())
        .containsExactly("dead-letters-000003.jsonl", "dead-letters-000004.jsonl", CURRENT);
    assertThat(Files.readAllLines(dir.resolve("dead-letters-000003.jsonl"))).hasSize(3);
    assertThat(Files.readString(dir.resolve("dead-letters-000003.jsonl")))
        .contains("id-006", "id-007", "id-008");
    assertThat(Files.readString(dir.resolve(CURRENT))).contains("id-012", "id-013");
    for (String name : fileNames()) {
      assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(lineBytes * 3);
    }

    // reopened, the history spans the current and the rotated files, newest first
    JsonlDeadLetterStore reopened = new JsonlDeadLetterStore(dir, 4, lineBytes * 3, 2);
    assertThat(ids(reopened.recent(10))).containsExactly("id-013", "id-012", "id-011", "id-010");
    reopened.close();
  }

  private static final String CURRENT = DeadLetterFiles.CURRENT;

  @Test
  void aLowerRetentionAtOpenDeletesTheOldestRotatedFiles() throws Exception {
    long lineBytes = line(deadLetter("id-000")).length;
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 10, lineBytes, 5);
    for (int i = 0; i < 6; i++) {
      store.append(deadLetter(String.format("id-%03d", i)));
    }
    store.close();
    assertThat(fileNames()).hasSize(6);
    new JsonlDeadLetterStore(dir, 10, lineBytes, 1).close();
    assertThat(fileNames()).containsExactly("dead-letters-000005.jsonl", CURRENT);
  }

  @Test
  void aTornTailIsTruncatedOnOpenAndTheNextRecordStartsOnItsOwnLine() throws Exception {
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 100);
    store.append(deadLetter("id-1"));
    store.append(deadLetter("id-2"));
    store.close();
    Path file = dir.resolve(CURRENT);
    byte[] torn = line(deadLetter("id-torn"));
    Files.write(file, java.util.Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);

    JsonlDeadLetterStore reopened = new JsonlDeadLetterStore(dir, 100);
    assertThat(reopened.tornBytesTruncated()).isEqualTo(torn.length / 2);
    assertThat(ids(reopened.recent(10))).containsExactly("id-2", "id-1");
    reopened.append(deadLetter("id-3"));
    reopened.close();

    List<JsonNode> records = AwkwardJson.readJsonl(Files.readAllBytes(file));
    assertThat(records)
        .extracting(r -> r.get("id").asText())
        .containsExactly("id-1", "id-2", "id-3");
    JsonlDeadLetterStore again = new JsonlDeadLetterStore(dir, 100);
    assertThat(again.tornBytesTruncated()).isZero();
    assertThat(again.malformedSkipped()).isZero();
    again.close();
  }

  @Test
  void aFileOfOnlyATornLineIsEmptiedOnOpen() throws Exception {
    Files.writeString(dir.resolve(CURRENT), "{\"v\":1,\"id\":\"half");
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 100);
    store.append(deadLetter("id-1"));
    store.close();
    assertThat(Files.readAllLines(dir.resolve(CURRENT))).hasSize(1);
    assertThat(AwkwardJson.readJsonl(Files.readAllBytes(dir.resolve(CURRENT)))).hasSize(1);
  }

  @Test
  void aMalformedLineIsSkippedWithAWarning() throws Exception {
    List<byte[]> lines = new ArrayList<>();
    lines.add(line(deadLetter("id-1")));
    lines.add("{\"v\":1,\"id\":\"cut short\n".getBytes(StandardCharsets.UTF_8));
    lines.add("not json at all\n".getBytes(StandardCharsets.UTF_8));
    lines.add("\n".getBytes(StandardCharsets.UTF_8));
    lines.add(
        (new String(EnvelopeCodec.encode(deadLetter("no-dlq").envelope()), StandardCharsets.UTF_8)
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    lines.add(line(deadLetter("id-2")));
    try (var out = Files.newOutputStream(dir.resolve(CURRENT))) {
      for (byte[] l : lines) {
        out.write(l);
      }
    }
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 100);
    assertThat(ids(store.recent(10))).containsExactly("id-2", "id-1");
    assertThat(store.malformedSkipped()).isEqualTo(3);
    store.close();
  }

  @Test
  void startUpReadsOnlyTheTailOfABigFile() throws Exception {
    Path file = dir.resolve(CURRENT);
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < 10_000; i++) {
        out.write(line(deadLetter(String.format("id-%05d", i))));
      }
    }
    long fileBytes = Files.size(file);

    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 50, BIG, 10);
    List<String> recent = ids(store.recent(100));
    assertThat(recent).hasSize(50);
    assertThat(recent.get(0)).isEqualTo("id-09999");
    assertThat(recent.get(49)).isEqualTo("id-09950");
    assertThat(store.startupBytesRead()).isLessThan(fileBytes / 10);
    store.append(deadLetter("id-10000"));
    assertThat(ids(store.recent(2))).containsExactly("id-10000", "id-09999");
    store.close();
  }

  @Test
  void aFailedAppendLeavesNoPartialLineBehind() throws Exception {
    JsonlDeadLetterStore store = new JsonlDeadLetterStore(dir, 100);
    store.append(deadLetter("id-1"));
    // what a write cut short by an I/O error leaves behind, outside the store's knowledge
    Files.write(dir.resolve(CURRENT), "{\"v\":1,\"id\":".getBytes(), StandardOpenOption.APPEND);
    store.append(deadLetter("id-2"));
    store.close();
    assertThat(AwkwardJson.readJsonl(Files.readAllBytes(dir.resolve(CURRENT))))
        .extracting(r -> r.get("id").asText())
        .containsExactly("id-1", "id-2");
  }
}
