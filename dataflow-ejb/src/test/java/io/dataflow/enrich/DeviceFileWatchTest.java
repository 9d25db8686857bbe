package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.enrich.adapter.ReloadingDeviceRegistry;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.FakeCache;
import io.dataflow.enrich.testing.ManualScheduler;
import io.dataflow.metrics.Count;
import io.dataflow.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFileWatchTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final FakeCache l2 = new FakeCache();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Count reloaded = new Count();
  private final Count failed = new Count();
  private Path file;
  private ReloadingDeviceRegistry registry;
  private DeviceLookup lookup;
  private DeviceFileWatch watch;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("devices.json");
    Files.writeString(file, "[{\"id\":\"d1\",\"location\":\"plant-north\"}]");
    registry = ReloadingDeviceRegistry.open(file);
    lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                1_000,
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                CaffeineDeviceCache.ticker(clock),
                Runnable::run),
            l2,
            registry,
            100,
            Duration.ofMillis(5),
            Runnable::run,
            scheduler);
    watch = new DeviceFileWatch(registry, lookup::invalidate, reloaded, failed);
  }

  private DeviceRecord get(String id) {
    CompletableFuture<DeviceRecord> f = lookup.lookup(id);
    scheduler.fireAll();
    return f.join();
  }

  @Test
  void anAddedDeviceIsFoundAtOnceThoughItWasCachedAsUnknownInL1AndL2() throws Exception {
    assertThat(get("d2").isFound()).isFalse(); // now negative in L1 and L2 for 5 minutes
    assertThat(l2.entries.get("d2").isFound()).isFalse();

    Files.writeString(
        file,
        "[{\"id\":\"d1\",\"location\":\"plant-north\"},{\"id\":\"d2\",\"location\":\"lab\"}]");
    watch.check();

    assertThat(get("d2").fields()).containsEntry("location", "lab");
    assertThat(reloaded.get()).isEqualTo(1);
  }

  @Test
  void aChangedDeviceIsReadAgainAndAnUnchangedOneStaysCached() throws Exception {
    assertThat(get("d1").fields()).containsEntry("location", "plant-north");
    l2.entries.put("d9", DeviceRecord.found(java.util.Map.of("location", "elsewhere")));

    Files.writeString(file, "[{\"id\":\"d1\",\"location\":\"plant-south\"}]");
    watch.check();

    assertThat(get("d1").fields()).containsEntry("location", "plant-south");
    assertThat(l2.entries).containsKey("d9");
  }

  @Test
  void anInvalidFileKeepsThePreviousRegistryWithTheErrorUntilItIsFixed() throws Exception {
    Files.writeString(file, "[{\"id\":\"d1\"},{\"name\":\"no id\"}]");
    watch.check();
    watch.check();

    assertThat(get("d1").isFound()).isTrue();
    assertThat(registry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("has no 'id'"));
    assertThat(failed.get()).isEqualTo(2);
    assertThat(reloaded.get()).isZero();
    assertThat(EnrichReadiness.status(lookup.lowerTiers(), registry.lastError()).data())
        .containsEntry("degraded", true)
        .containsEntry("device-file", "invalid, previous registry in use");

    Files.writeString(file, "[{\"id\":\"d1\"},{\"id\":\"d3\"}]");
    watch.check();

    assertThat(registry.lastError()).isEmpty();
    assertThat(get("d3").isFound()).isTrue();
    assertThat(EnrichReadiness.status(lookup.lowerTiers(), Optional.empty()).data())
        .containsEntry("degraded", false)
        .doesNotContainKey("device-file");
  }

  @Test
  void anInvalidEditUndoneClearsTheError() throws Exception {
    String valid = Files.readString(file);
    Files.writeString(file, "not json");
    watch.check();
    Files.writeString(file, valid);
    watch.check();

    assertThat(registry.lastError()).isEmpty();
    assertThat(reloaded.get()).isZero();
  }

  @Test
  void anUnchangedFileInvalidatesNothing() throws Exception {
    get("d1");
    long before = lookup.l1().size();

    watch.check();

    assertThat(lookup.l1().size()).isEqualTo(before);
    assertThat(reloaded.get()).isZero();
  }
}
