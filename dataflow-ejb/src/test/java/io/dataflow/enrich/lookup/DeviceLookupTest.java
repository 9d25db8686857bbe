package io.dataflow.enrich.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.enrich.testing.FakeCache;
import io.dataflow.enrich.testing.FakeRegistry;
import io.dataflow.enrich.testing.ManualScheduler;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeviceLookupTest {
  private final FakeClock clock = new FakeClock();
  private final FakeCache l2 = new FakeCache();
  private final FakeRegistry l3 =
      new FakeRegistry().with("d1", "Boiler", "plant-north").with("d2", "Fan", "plant-south");
  private final ManualScheduler scheduler = new ManualScheduler();

  private DeviceLookup lookup(DeviceCache cache) {
    return new DeviceLookup(
        new CaffeineDeviceCache(
            1_000,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            CaffeineDeviceCache.ticker(clock),
            Runnable::run),
        cache,
        l3,
        100,
        Duration.ofMillis(5),
        Runnable::run,
        scheduler);
  }

  private DeviceRecord get(DeviceLookup lookup, String id) {
    CompletableFuture<DeviceRecord> f = lookup.lookup(id);
    scheduler.fireAll();
    return f.join();
  }

  @Test
  void l3HitFillsL2AndL1() {
    DeviceLookup lookup = lookup(l2);
    assertThat(get(lookup, "d1").fields()).containsEntry("name", "Boiler");
    assertThat(l2.entries.get("d1").fields()).containsEntry("location", "plant-north");

    assertThat(get(lookup, "d1").fields()).containsEntry("name", "Boiler");
    assertThat(l3.calls).hasSize(1);
    assertThat(l2.gets).hasSize(1);
    assertThat(lookup.l1().stats().hitCount()).isEqualTo(1);
  }

  @Test
  void l2HitFillsL1WithoutAskingL3() {
    l2.entries.put("d9", DeviceRecord.found(Map.of("name", "Cached")));
    DeviceLookup lookup = lookup(l2);
    assertThat(get(lookup, "d9").fields()).containsEntry("name", "Cached");
    assertThat(get(lookup, "d9").fields()).containsEntry("name", "Cached");
    assertThat(l3.calls).isEmpty();
    assertThat(l2.gets).hasSize(1);
  }

  @Test
  void unknownDeviceIsCachedNegativelyInL1AndL2UntilTheNegativeTtl() {
    DeviceLookup lookup = lookup(l2);
    assertThat(get(lookup, "ghost").isFound()).isFalse();
    assertThat(l2.entries.get("ghost").isFound()).isFalse();
    assertThat(get(lookup, "ghost").isFound()).isFalse();
    assertThat(l3.calls).hasSize(1);
    assertThat(lookup.l1().stats().negativeHitCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    l2.entries.remove("ghost"); // L2's own negative TTL is Redis's job
    get(lookup, "ghost");
    assertThat(l3.calls).hasSize(2);
  }

  @Test
  void l2ErrorFallsThroughToL3AndReportsL2Down() {
    l2.failing = true;
    DeviceLookup lookup = lookup(l2);
    assertThat(get(lookup, "d1").fields()).containsEntry("name", "Boiler");
    assertThat(l3.calls).containsExactly(Set.of("d1"));
    assertThat(l2.puts).isEmpty();
    assertThat(lookup.lowerTiers().l2Available()).isFalse();
    CacheTierStats l2Stats = lookup.tiers().get(1);
    assertThat(l2Stats.available()).isFalse();
    assertThat(l2Stats.errors()).isEqualTo(1);

    l2.failing = false;
    get(lookup, "d2");
    assertThat(lookup.lowerTiers().l2Available()).isTrue();
  }

  @Test
  void l3ErrorFailsTheLookupAndIsNotCached() {
    DeviceLookup lookup = lookup(l2);
    l3.failing = true;
    assertThatThrownBy(() -> get(lookup, "d1"))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(DeviceLookupException.class);
    assertThat(l2.puts).isEmpty();
    assertThat(lookup.lowerTiers().l3Available()).isFalse();

    l3.failing = false;
    assertThat(get(lookup, "d1").isFound()).isTrue();
    assertThat(l3.calls).hasSize(2);
  }

  @Test
  void worksWithoutL2() {
    DeviceLookup lookup = lookup(null);
    assertThat(get(lookup, "d2").fields()).containsEntry("name", "Fan");
    assertThat(lookup.tiers())
        .extracting(CacheTierStats::tier)
        .containsExactly("l1-caffeine", "l3-fake");
  }

  @Test
  void missesOfManyKeysShareOneBatch() {
    DeviceLookup lookup = lookup(l2);
    List<CompletableFuture<DeviceRecord>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(lookup.lookup("d" + i));
    }
    scheduler.fireAll();
    futures.forEach(CompletableFuture::join);
    assertThat(l2.gets).hasSize(1);
    assertThat(l3.calls).hasSize(1);
    assertThat(l3.calls.get(0)).hasSize(50);
  }

  @Test
  void hundredConcurrentMissesOnOneKeyMakeOneLowerTierCall() throws Exception {
    DeviceLookup lookup = lookup(l2);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<CompletableFuture<DeviceRecord>>> callers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        callers.add(
            pool.submit(
                () -> {
                  start.await();
                  return lookup.lookup("d1");
                }));
      }
      start.countDown();
      List<CompletableFuture<DeviceRecord>> results = new ArrayList<>();
      for (Future<CompletableFuture<DeviceRecord>> c : callers) {
        results.add(c.get());
      }
      scheduler.fireAll();
      assertThat(results).allSatisfy(f -> assertThat(f.join().fields()).containsKey("name"));
      assertThat(l2.gets).hasSize(1);
      assertThat(l3.calls).containsExactly(Set.of("d1"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidateDropsFromL1AndL2() {
    DeviceLookup lookup = lookup(l2);
    get(lookup, "d1");
    assertThat(lookup.invalidate("d1")).isTrue();
    assertThat(l2.entries).doesNotContainKey("d1");
    get(lookup, "d1");
    assertThat(l3.calls).hasSize(2);
    assertThat(lookup.invalidate("never-seen")).isFalse();
  }
}
