package io.dataflow.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
  private static final Instant T = Instant.parse("2026-11-25T10:15:30.123Z");

  private static Envelope sample(Payload payload) {
    return new Envelope(
        1,
        "id-1",
        "d7",
        T,
        T.plusMillis(5),
        new Source("devices/d7/telemetry", "telemetry"),
        Map.of("a", "1", "b", "x y"),
        payload,
        Map.of(
            "name",
            "Pump 7",
            "location",
            "berlin",
            "tags",
            List.of("a", "b"),
            "meta",
            Map.of("floor", 3)));
  }

  @Test
  void jsonPayloadRoundTripsAndStaysJsonOnTheWire() throws Exception {
    Envelope e = sample(Payload.json("{\"ts\":1,\"v\":[1,2,{\"x\":null}]}"));
    byte[] wire = EnvelopeCodec.encode(e);
    assertThat(new String(wire, StandardCharsets.UTF_8))
        .contains("\"payload\":{\"ts\":1,\"v\":[1,2,{\"x\":null}]}")
        .doesNotContain("payloadBase64");
    assertThat(EnvelopeCodec.decode(wire)).isEqualTo(e);
  }

  @Test
  void prettyPrintedPayloadIsEncodedOnOneLineWithTheSameValue() throws Exception {
    String pretty = "{\r\n\t\"ts\" : 1,\n  \"s\" : \"a  b\"\n}\n";
    byte[] wire = EnvelopeCodec.encode(sample(Payload.json(pretty)));
    String text = new String(wire, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\n").doesNotContain("\r");
    assertThat(text).contains("\"payload\":{\"ts\":1,\"s\":\"a  b\"}");
    assertThat(EnvelopeCodec.decode(wire).payload().jsonText())
        .isEqualTo("{\"ts\":1,\"s\":\"a  b\"}");
  }

  @Test
  void bytePayloadRoundTripsAsBase64() throws Exception {
    Envelope e = sample(Payload.bytes(new byte[] {0, (byte) 0xff, 10, 13}));
    byte[] wire = EnvelopeCodec.encode(e);
    assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"payloadBase64\":\"AP8KDQ==\"");
    Envelope back = EnvelopeCodec.decode(wire);
    assertThat(back).isEqualTo(e);
    assertThat(back.payload().isJson()).isFalse();
  }

  @Test
  void unknownFieldsFromNewerWritersAreIgnored() throws Exception {
    String json =
        new String(EnvelopeCodec.encode(sample(Payload.json("1"))), StandardCharsets.UTF_8)
            .replace("{\"v\":1,", "{\"v\":1,\"future\":{\"x\":[1]},");
    assertThat(EnvelopeCodec.decode(json.getBytes(StandardCharsets.UTF_8)).id()).isEqualTo("id-1");
  }

  @Test
  void badEnvelopesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> EnvelopeCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining("'id'");
    assertThatThrownBy(
            () -> EnvelopeCodec.decode("{\"v\":99,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining("newer");
    assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":1,".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeFormatException.class);
    assertThatThrownBy(() -> EnvelopeCodec.decode(new byte[] {(byte) 0xc3, 0x28}))
        .isInstanceOf(EnvelopeFormatException.class);
  }

  @Test
  void isJsonAcceptsOneCompleteValueWithinTheDepthLimit() {
    assertThat(EnvelopeCodec.isJson("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(EnvelopeCodec.isJson("42".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(EnvelopeCodec.isJson("{\"a\":1".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(EnvelopeCodec.isJson("{} {}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(EnvelopeCodec.isJson("hello".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(EnvelopeCodec.isJson(new byte[0])).isFalse();
    String deep =
        "[".repeat(EnvelopeCodec.MAX_NESTING_DEPTH + 10)
            + "]".repeat(EnvelopeCodec.MAX_NESTING_DEPTH + 10);
    assertThat(EnvelopeCodec.isJson(deep.getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void envelopeIsImmutable() {
    Map<String, String> attrs = new java.util.HashMap<>(Map.of("a", "1"));
    Envelope e =
        Envelope.create("d", T, T, new Source("t", "r"), Payload.json("1")).withAttributes(attrs);
    attrs.put("b", "2");
    assertThat(e.attributes()).containsOnlyKeys("a");
    assertThatThrownBy(() -> e.enrichment().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
