package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.envelope.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TelemetryPayloadTest {
  @Property
  void buildsValidJsonOfTheRequestedSizeThatParsesBack(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 12) String run,
      @ForAll @IntRange(min = 0, max = 99_999) int device,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seq,
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long ts,
      @ForAll @IntRange(min = 0, max = 70_000) int size) {
    byte[] payload = TelemetryPayload.build(run, Fleet.deviceId(device), seq, ts, size);
    byte[] unpadded = TelemetryPayload.build(run, Fleet.deviceId(device), seq, ts, 0);

    assertThat(payload.length).isEqualTo(Math.max(size, unpadded.length));
    assertThat(EnvelopeCodec.isJson(payload)).isTrue();
    assertThat(TelemetryPayload.parse(payload))
        .contains(
            new TelemetryPayload.Fields(new MessageKey(run, Fleet.deviceId(device), seq), ts));
  }

  @Test
  void otherJsonIsNotMistakenForAGeneratedPayload() {
    assertThat(
            TelemetryPayload.parse(
                "{\"deviceId\":\"d\",\"seq\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(
            TelemetryPayload.parse(
                "{\"deviceId\":\"d\",\"run\":\"r\",\"seq\":\"1\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(TelemetryPayload.parse("[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(TelemetryPayload.parse(new byte[0])).isEmpty();
  }
}
