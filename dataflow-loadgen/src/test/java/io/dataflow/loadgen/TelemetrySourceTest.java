package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TelemetrySourceTest {
  @Property(tries = 200)
  void everyDeviceGetsContiguousSequencesFromOne(
      @ForAll @IntRange(min = 1, max = 50) int devices,
      @ForAll @IntRange(min = 0, max = 2000) int count,
      @ForAll long seed) {
    TelemetrySource source =
        new TelemetrySource(
            "r1",
            new Fleet(devices, 3),
            1.0,
            new SplittableRandom(seed),
            "devices/{deviceId}/telemetry",
            100,
            () -> 1_000L);
    Map<String, Long> last = new HashMap<>();
    for (int i = 0; i < count; i++) {
      MessageSource.Outgoing out = source.next();
      MessageKey key = out.key();
      assertThat(key.seq()).isEqualTo(last.getOrDefault(key.device(), 0L) + 1);
      last.put(key.device(), key.seq());
      assertThat(out.topic()).isEqualTo("devices/" + key.device() + "/telemetry");
      assertThat(TelemetryPayload.parse(out.payload()))
          .contains(new TelemetryPayload.Fields(key, 1_000L));
      assertThat(out.expected()).isTrue();
    }
    assertThat(source.perDevice()).isEqualTo(last);
    assertThat(source.perDevice().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(count);
  }
}
