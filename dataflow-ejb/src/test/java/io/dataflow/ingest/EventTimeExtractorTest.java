package io.dataflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {
  private final EventTimeExtractor ts = new EventTimeExtractor("ts");

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsIso8601WithZoneOrOffset() {
    assertThat(ts.extract(json("{\"a\":[1,{\"ts\":0}],\"ts\":\"2026-11-25T10:00:00Z\"}")))
        .contains(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(ts.extract(json("{\"ts\":\"2026-11-25T11:00:00+01:00\"}")))
        .contains(Instant.parse("2026-11-25T10:00:00Z"));
  }

  @Test
  void readsEpochMillisAndEpochSeconds() {
    assertThat(ts.extract(json("{\"ts\":1764064800000}")))
        .contains(Instant.ofEpochMilli(1764064800000L));
    assertThat(ts.extract(json("{\"ts\":1764064800}")))
        .contains(Instant.ofEpochSecond(1764064800L));
    assertThat(ts.extract(json("{\"ts\":1764064800.5}")))
        .contains(Instant.ofEpochMilli(1764064800500L));
    assertThat(ts.extract(json("{\"ts\":\"1764064800000\"}")))
        .contains(Instant.ofEpochMilli(1764064800000L));
  }

  @Test
  void readsANestedFieldByDottedPath() {
    assertThat(
            new EventTimeExtractor("meta.time")
                .extract(json("{\"meta\":{\"time\":\"2026-01-01T00:00:00Z\"}}")))
        .contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void missingOrUnreadableFieldsGiveNothing() {
    assertThat(ts.extract(json("{\"t\":1}"))).isEmpty();
    assertThat(ts.extract(json("{\"ts\":\"yesterday\"}"))).isEmpty();
    assertThat(ts.extract(json("{\"ts\":-5}"))).isEmpty();
    assertThat(ts.extract(json("{\"ts\":{\"x\":1}}"))).isEmpty();
    assertThat(ts.extract(json("[1,2]"))).isEmpty();
    assertThat(ts.extract(json("{\"ts\":"))).isEmpty();
  }
}
