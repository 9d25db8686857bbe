package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private final Formats f = new Formats();

  @Test
  void formatsSizesCountsRatesPercentagesDurationsAndTimes() {
    assertThat(f.bytes(512)).isEqualTo("512 B");
    assertThat(f.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(f.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    assertThat(f.count(1234567)).isEqualTo("1,234,567");
    assertThat(f.rate(0)).isEqualTo("0");
    assertThat(f.rate(0.25)).isEqualTo("0.25");
    assertThat(f.rate(12.54)).isEqualTo("12.5");
    assertThat(f.rate(1234.4)).isEqualTo("1,234");
    assertThat(f.percent(0.8734)).isEqualTo("87.3 %");
    assertThat(f.duration(-1)).isEqualTo("—");
    assertThat(f.duration(45)).isEqualTo("45 s");
    assertThat(f.duration(185)).isEqualTo("3 m 05 s");
    assertThat(f.duration(7440)).isEqualTo("2 h 04 m");
    assertThat(f.time(Instant.parse("2026-11-25T10:00:00Z"))).isEqualTo("2026-11-25 10:00:00 UTC");
  }
}
