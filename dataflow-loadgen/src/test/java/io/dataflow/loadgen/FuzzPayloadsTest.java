package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.envelope.EnvelopeCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FuzzPayloadsTest {
  private static final Route ROUTE = new Route("telemetry", "devices/{deviceId}/telemetry", 1);
  private static final String TEMPLATE = "devices/{deviceId}/telemetry";

  @Property
  void truncatedPayloadsNeverParse(@ForAll long seed, @ForAll @LongRange(min = 1) long seq) {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(seed), 1000);
    byte[] p = f.payload(FuzzKind.TRUNCATED, "r1", FuzzKind.TRUNCATED.deviceId("r1", seq), seq);
    assertThat(EnvelopeCodec.isJson(p)).isFalse();
  }

  @Property
  void nestedPayloadsAreWellFormedButTooDeep(@ForAll long seed) throws Exception {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(seed), 1000);
    byte[] p = f.payload(FuzzKind.NESTED, "r1", "d", 1);
    assertThat(EnvelopeCodec.isJson(p)).isFalse();
    JsonFactory unlimited =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build())
            .build();
    try (JsonParser parser = unlimited.createParser(p)) {
      parser.nextToken();
      parser.skipChildren();
      assertThat(parser.nextToken()).isNull();
    }
  }

  @Property
  void badUtf8NeverDecodes(@ForAll long seed) {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(seed), 1000);
    byte[] p = f.payload(FuzzKind.BADUTF8, "r1", "d", 1);
    boolean decodes;
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(p));
      decodes = true;
    } catch (CharacterCodingException e) {
      decodes = false;
    }
    assertThat(decodes).isFalse();
  }

  @Property
  void oversizePayloadsHaveTheGivenSize(
      @ForAll long seed, @ForAll @IntRange(min = 200, max = 400_000) int limit) {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(seed), limit);
    assertThat(f.payload(FuzzKind.OVERSIZE, "r1", "fz-r1-oversize-1", 1)).hasSize(limit);
  }

  @Property
  void routedKindsReachTheRouteWithTheirKeyAndUnroutedOnesNever(
      @ForAll long seed, @ForAll @LongRange(min = 1, max = 1_000_000) long seq) {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(seed), 1000);
    for (FuzzKind kind : FuzzKind.values()) {
      String deviceId = kind.deviceId("run7", seq);
      String topic = f.topic(kind, TEMPLATE, deviceId);
      if (kind == FuzzKind.NOTOPIC) {
        assertThat(ROUTE.deviceIdOf(topic)).isEmpty();
      } else {
        assertThat(ROUTE.deviceIdOf(topic)).contains(deviceId);
        assertThat(FuzzKind.keyOf(deviceId)).contains(new MessageKey("run7", kind.device(), seq));
      }
    }
  }

  @Test
  void everyKindIsDrawn() {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(1), 1000);
    java.util.Set<FuzzKind> seen = java.util.EnumSet.noneOf(FuzzKind.class);
    for (int i = 0; i < 10_000; i++) {
      seen.add(f.nextKind());
    }
    assertThat(seen).containsExactlyInAnyOrder(FuzzKind.values());
  }

  @Test
  void ordinaryDeviceIdsAreNotFuzzKeys() {
    assertThat(FuzzKind.keyOf("dev-00001")).isEmpty();
    assertThat(FuzzKind.keyOf("fz-run-bytes-x")).isEmpty();
  }

  @Test
  void thePoisonKindsAreValidJsonThatNoStoreTakesAsItIs() throws Exception {
    FuzzPayloads f = new FuzzPayloads(new SplittableRandom(7), 1000);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();

    String pretty = new String(f.payload(FuzzKind.PRETTY, "r1", "d", 1), StandardCharsets.US_ASCII);
    assertThat(pretty).contains("\n").endsWith("\n");
    assertThat(json.readTree(pretty).get("seq").asInt()).isEqualTo(1);

    for (int i = 0; i < 20; i++) {
      var far = json.readTree(f.payload(FuzzKind.FARTIME, "r1", "d", i));
      assertThat(far.has("ts")).isTrue();
    }
    assertThat(json.readTree(f.payload(FuzzKind.NULESCAPE, "r1", "d", 1)).get("text").asText())
        .isEqualTo("a\u0000b");

    String longId = FuzzKind.LONGID.deviceId("r1", 5);
    assertThat(longId).hasSize(FuzzKind.LONG_ID_LENGTH);
    assertThat(FuzzKind.keyOf(longId.substring(0, 128) + "..."))
        .as("the shortened id a dead letter carries")
        .contains(new MessageKey("r1", FuzzKind.LONGID.device(), 5));
    String reserved = FuzzKind.RESERVEDID.deviceId("r1", 6);
    assertThat(reserved).startsWith("__").endsWith("__");
    assertThat(FuzzKind.keyOf(reserved))
        .contains(new MessageKey("r1", FuzzKind.RESERVEDID.device(), 6));
    assertThat(FuzzKind.keyOf("fz-r1-valid-12x")).isEmpty();
  }
}
