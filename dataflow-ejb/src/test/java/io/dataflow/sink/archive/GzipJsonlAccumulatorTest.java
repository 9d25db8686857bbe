package io.dataflow.sink.archive;

import static io.dataflow.sink.archive.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.testing.AwkwardJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GzipJsonlAccumulatorTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:15:00Z");
  private static final ArchiveGroupKey KEY = new ArchiveGroupKey("2026/11/25/berlin");

  @Test
  void payloadsWithLineBreaksAndPrettyPrintingStayOneRecordPerLine() throws Exception {
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < AwkwardJson.PAYLOADS.size(); i++) {
      Envelope e = envelope("id-" + i, "berlin", T0.plusSeconds(i));
      envelopes.add(
          new Envelope(
              e.version(),
              e.id(),
              e.deviceId(),
              e.eventTime(),
              e.receivedAt(),
              e.source(),
              e.attributes(),
              Payload.json(AwkwardJson.PAYLOADS.get(i)),
              e.enrichment()));
    }
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator(64); // several gzip members
    envelopes.forEach(acc::add);
    ArchiveObject o = acc.seal(KEY);
    byte[] jsonl =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(o.content()))
            .readAllBytes();
    List<JsonNode> records = AwkwardJson.readJsonl(jsonl);
    assertThat(records).hasSize(envelopes.size());
    assertThat(o.metadata().get(ArchiveMetadata.RECORD_COUNT))
        .isEqualTo(Integer.toString(records.size()));
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).get("id").asText()).isEqualTo("id-" + i);
      assertThat(records.get(i).get("payload"))
          .isEqualTo(AwkwardJson.value(AwkwardJson.PAYLOADS.get(i)));
    }
    assertThat(o.metadata().get(ArchiveMetadata.UNCOMPRESSED_BYTES))
        .isEqualTo(Integer.toString(jsonl.length));
  }

  private static List<Envelope> batch(String idPrefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> envelope(idPrefix + i, "berlin", T0.plusSeconds(n - i)))
        .toList();
  }

  @Test
  void sameContentsGetTheSameNameEvenInAnotherOrder() {
    List<Envelope> envelopes = batch("id-", 100);
    List<Envelope> shuffled = new ArrayList<>(envelopes);
    Collections.shuffle(shuffled, new java.util.Random(7));

    ArchiveObject first = TestEnvelopes.object(KEY.value(), envelopes);
    ArchiveObject replay = TestEnvelopes.object(KEY.value(), envelopes);
    ArchiveObject reordered = TestEnvelopes.object(KEY.value(), shuffled);

    assertThat(replay.name()).isEqualTo(first.name());
    assertThat(reordered.name()).isEqualTo(first.name());
    assertThat(first.name())
        .matches("2026/11/25/berlin/20261125T101501\\.000Z-[0-9a-f]{16}\\.jsonl\\.gz");
  }

  @Test
  void differentRecordsOrKeysGetDifferentNames() {
    List<Envelope> envelopes = batch("id-", 100);
    List<Envelope> oneMore = new ArrayList<>(envelopes);
    oneMore.add(envelope("id-extra", "berlin", T0.plusSeconds(50)));

    String name = TestEnvelopes.object(KEY.value(), envelopes).name();

    assertThat(TestEnvelopes.object(KEY.value(), oneMore).name()).isNotEqualTo(name);
    assertThat(TestEnvelopes.object(KEY.value(), envelopes.subList(0, 99)).name())
        .isNotEqualTo(name);
    assertThat(TestEnvelopes.object("2026/11/25/paris", envelopes).name())
        .startsWith("2026/11/25/paris/");
  }

  @Test
  void objectIsGzipJsonlOfTheCodecWithItsMetadata() throws Exception {
    List<Envelope> envelopes = batch("m", 10);

    ArchiveObject o = TestEnvelopes.object(KEY.value(), envelopes);

    assertThat(TestEnvelopes.readBack(o.content())).isEqualTo(envelopes);
    String firstLine =
        new String(
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(o.content()))
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .split("\n")[0];
    assertThat(firstLine)
        .isEqualTo(new String(EnvelopeCodec.encode(envelopes.get(0)), StandardCharsets.UTF_8));
    assertThat(o.contentType()).isEqualTo("application/x-ndjson");
    assertThat(o.contentEncoding()).isEqualTo("gzip");
    assertThat(o.metadata())
        .containsEntry(ArchiveMetadata.RECORD_COUNT, "10")
        .containsEntry(ArchiveMetadata.MIN_EVENT_TIME, T0.plusSeconds(1).toString())
        .containsEntry(ArchiveMetadata.MAX_EVENT_TIME, T0.plusSeconds(10).toString())
        .containsEntry(ArchiveMetadata.FIRST_MESSAGE_ID, "m0")
        .containsEntry(ArchiveMetadata.LAST_MESSAGE_ID, "m9")
        .containsEntry(ArchiveMetadata.GROUP_KEY, KEY.value())
        .containsEntry(
            ArchiveMetadata.SHA256,
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(o.content())));
  }

  @Test
  void objectIsOneGzipStreamOfManyMembersThatGunzipReadsWhole() throws Exception {
    List<Envelope> envelopes = batch("g", 2_000); // ~1 MB raw: about 30 segments

    ArchiveObject o = TestEnvelopes.object(KEY.value(), envelopes);

    Process gunzip = new ProcessBuilder("gzip", "-dc").start();
    try (var in = gunzip.getOutputStream()) {
      in.write(o.content());
    }
    byte[] text = gunzip.getInputStream().readAllBytes();
    assertThat(gunzip.waitFor()).isZero();
    assertThat(new String(text, StandardCharsets.UTF_8).split("\n")).hasSize(2_000);
    assertThat(text.length)
        .isEqualTo(Long.parseLong(o.metadata().get(ArchiveMetadata.UNCOMPRESSED_BYTES)));
  }

  @Test
  void memoryHeldTracksTheCompressedSizeNotTheRawSize() {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    batch("x", 5_000).forEach(acc::add);

    assertThat(acc.rawBytes()).isGreaterThan(1_000_000);
    assertThat(acc.bufferedBytes()).isLessThan(acc.rawBytes() / 4);
    assertThat(acc.bufferedBytes())
        .as(
            "raw %d compressed %d buffered %d",
            acc.rawBytes(), acc.compressedBytes(), acc.bufferedBytes())
        // slack: one partly filled compressed chunk, and one raw segment not yet compressed
        .isLessThanOrEqualTo(
            acc.compressedBytes()
                + ChunkedByteBuffer.MAX_CHUNK
                + GzipJsonlAccumulator.DEFAULT_SEGMENT_BYTES
                + 4096);
    acc.discard();
  }
}
