package io.dataflow.enrich.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CaffeineDeviceCacheTest {
  private final FakeClock clock = new FakeClock();
  private final CaffeineDeviceCache cache =
      new CaffeineDeviceCache(
          1_000,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          CaffeineDeviceCache.ticker(clock),
          Runnable::run);
  private final AtomicInteger loads = new AtomicInteger();

  private CompletableFuture<DeviceRecord> load(String key, DeviceRecord record) {
    return cache.get(
        key,
        k -> {
          loads.incrementAndGet();
          return CompletableFuture.completedFuture(record);
        });
  }

  @Test
  void positiveEntryExpiresAfterTtlWithoutSleeping() {
    DeviceRecord d1 = DeviceRecord.found(Map.of("name", "one"));
    load("d1", d1);
    clock.advance(Duration.ofMinutes(4));
    assertThat(load("d1", d1).join()).isEqualTo(d1);
    assertThat(loads).hasValue(1);

    clock.advance(Duration.ofMinutes(1).plusMillis(1));
    load("d1", d1);
    assertThat(loads).hasValue(2);
  }

  @Test
  void negativeEntryExpiresAfterItsShorterTtl() {
    load("ghost", DeviceRecord.absent());
    clock.advance(Duration.ofSeconds(29));
    assertThat(load("ghost", DeviceRecord.absent()).join().isFound()).isFalse();
    assertThat(loads).hasValue(1);
    assertThat(cache.stats().negativeHitCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    load("ghost", DeviceRecord.absent());
    assertThat(loads).hasValue(2);
  }

  @Test
  void hundredConcurrentMissesOnOneKeyMakeOneLoad() throws Exception {
    CompletableFuture<DeviceRecord> pending = new CompletableFuture<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<CompletableFuture<DeviceRecord>>> callers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        callers.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.get(
                      "d1",
                      k -> {
                        loads.incrementAndGet();
                        return pending;
                      });
                }));
      }
      start.countDown();
      List<CompletableFuture<DeviceRecord>> results = new ArrayList<>();
      for (Future<CompletableFuture<DeviceRecord>> c : callers) {
        results.add(c.get());
      }
      DeviceRecord d1 = DeviceRecord.found(Map.of("name", "one"));
      pending.complete(d1);
      assertThat(loads).hasValue(1);
      assertThat(results).allSatisfy(f -> assertThat(f.join()).isEqualTo(d1));
      assertThat(cache.stats().missCount()).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failedLoadIsNotCached() {
    cache.get("d1", k -> CompletableFuture.failedFuture(new DeviceLookupException("down")));
    DeviceRecord d1 = DeviceRecord.found(Map.of("name", "one"));
    assertThat(load("d1", d1).join()).isEqualTo(d1);
    assertThat(loads).hasValue(1);
  }

  @Test
  void invalidateDropsTheEntry() {
    load("d1", DeviceRecord.found(Map.of("name", "one")));
    assertThat(cache.invalidate("d1")).isTrue();
    assertThat(cache.invalidate("d1")).isFalse();
    load("d1", DeviceRecord.found(Map.of("name", "one")));
    assertThat(loads).hasValue(2);
  }

  @Test
  void countsHitsAndMisses() {
    DeviceRecord d1 = DeviceRecord.found(Map.of("name", "one"));
    load("d1", d1);
    load("d1", d1);
    load("d1", d1);
    cache.cleanUp();
    assertThat(cache.stats().hitCount()).isEqualTo(2);
    assertThat(cache.stats().missCount()).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void invalidateDuringALoadKeepsItsResultOutOfTheCache() {
    CompletableFuture<DeviceRecord> pending = new CompletableFuture<>();
    cache.get("d1", k -> pending);
    assertThat(cache.invalidate("d1")).isTrue();
    pending.complete(DeviceRecord.found(Map.of("name", "stale")));
    DeviceRecord fresh = DeviceRecord.found(Map.of("name", "fresh"));
    assertThat(load("d1", fresh).join()).isEqualTo(fresh);
    assertThat(loads).hasValue(1);
  }

  @Test
  void loaderThatThrowsFailsTheLookupWithoutWedgingTheKey() {
    CompletableFuture<DeviceRecord> failed =
        cache.get(
            "d1",
            k -> {
              throw new IllegalStateException("boom");
            });
    assertThat(failed).isCompletedExceptionally();
    load("d1", DeviceRecord.absent());
    assertThat(loads).hasValue(1);
  }
}
