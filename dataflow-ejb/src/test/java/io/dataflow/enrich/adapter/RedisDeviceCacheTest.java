package io.dataflow.enrich.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.FakeRegistry;
import io.dataflow.enrich.testing.ManualScheduler;
import io.dataflow.enrich.testing.RedisProcess;
import io.dataflow.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against a real redis-server started on a free port. */
class RedisDeviceCacheTest {
  static final String PREFIX = "dataflow:device:";
  private RedisProcess redis;
  private RedisDeviceCache cache;

  @BeforeEach
  void start() throws Exception {
    redis = RedisProcess.start();
    cache = cache(PREFIX);
  }

  @AfterEach
  void stop() throws Exception {
    if (cache != null) {
      cache.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private RedisDeviceCache cache(String prefix) {
    return new RedisDeviceCache(
        redis.url(),
        prefix,
        Duration.ofHours(1),
        Duration.ofSeconds(60),
        Duration.ofMillis(300),
        4);
  }

  @Test
  void storesNamespacedKeysWithTheirTtls() throws Exception {
    cache.putAll(
        Map.of(
            "d1", DeviceRecord.found(new java.util.TreeMap<>(Map.of("name", "Boiler", "floor", 3))),
            "ghost", DeviceRecord.absent()));
    try (Jedis j = redis.client()) {
      assertThat(j.keys("*")).containsExactlyInAnyOrder(PREFIX + "d1", PREFIX + "ghost");
      assertThat(j.get(PREFIX + "d1")).isEqualTo("{\"floor\":3,\"name\":\"Boiler\"}");
      assertThat(j.get(PREFIX + "ghost")).isEqualTo("null");
      assertThat(j.pttl(PREFIX + "d1")).isBetween(3_590_000L, 3_600_000L);
      assertThat(j.pttl(PREFIX + "ghost")).isBetween(50_000L, 60_000L);
    }
  }

  @Test
  void getAllReturnsHitsAndNegativeEntriesAndLeavesMissesOut() throws Exception {
    cache.putAll(
        Map.of("d1", DeviceRecord.found(Map.of("name", "Boiler")), "ghost", DeviceRecord.absent()));
    Map<String, DeviceRecord> held = cache.getAll(List.of("d1", "ghost", "never"));
    assertThat(held).containsOnlyKeys("d1", "ghost");
    assertThat(held.get("d1").fields()).containsEntry("name", "Boiler");
    assertThat(held.get("ghost").isFound()).isFalse();
  }

  @Test
  void prefixesKeepNamespacesApart() throws Exception {
    try (RedisDeviceCache other = cache("tenant-b:device:")) {
      other.putAll(Map.of("d1", DeviceRecord.found(Map.of("name", "Other"))));
      assertThat(cache.getAll(List.of("d1"))).isEmpty();
      assertThat(other.getAll(List.of("d1")).get("d1").fields()).containsEntry("name", "Other");
    }
  }

  @Test
  void invalidateDeletesTheKey() throws Exception {
    cache.putAll(Map.of("d1", DeviceRecord.found(Map.of("name", "Boiler"))));
    assertThat(cache.invalidate("d1")).isTrue();
    assertThat(cache.invalidate("d1")).isFalse();
    try (Jedis j = redis.client()) {
      assertThat(j.exists(PREFIX + "d1")).isFalse();
    }
  }

  @Test
  void coldLookupsUseOneMgetPerBatchAndNoSingleGets() throws Exception {
    FakeRegistry l3 = new FakeRegistry();
    IntStream.range(0, 250).forEach(i -> l3.with("d" + i, "Device " + i, "loc-" + (i % 3)));
    redis.resetStats();

    List<String> ids = IntStream.range(0, 250).mapToObj(i -> "d" + i).toList();
    lookupAll(lookup(l3), ids);
    Map<String, Long> calls = redis.commandCalls();
    assertThat(calls).containsEntry("mget", 3L).doesNotContainKey("get");
    assertThat(calls.get("set")).isEqualTo(250L); // fill-back, pipelined
    assertThat(l3.calls).hasSize(3);

    // A second instance (fresh L1) is served by L2 alone, still one MGET per batch.
    redis.resetStats();
    List<DeviceRecord> second = lookupAll(lookup(l3), ids);
    assertThat(second).allMatch(DeviceRecord::isFound);
    assertThat(redis.commandCalls()).containsEntry("mget", 3L).doesNotContainKeys("get", "set");
    assertThat(l3.calls).hasSize(3);
  }

  private DeviceLookup lookup(FakeRegistry l3) {
    return new DeviceLookup(
        new CaffeineDeviceCache(
            10_000,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            CaffeineDeviceCache.ticker(new FakeClock()),
            Runnable::run),
        cache,
        l3,
        100,
        Duration.ofMillis(5),
        Runnable::run,
        scheduler);
  }

  private final ManualScheduler scheduler = new ManualScheduler();

  private List<DeviceRecord> lookupAll(DeviceLookup lookup, List<String> ids) {
    List<CompletableFuture<DeviceRecord>> futures = new ArrayList<>();
    ids.forEach(id -> futures.add(lookup.lookup(id)));
    scheduler.fireAll();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void unreadableEntryIsAMiss() throws Exception {
    try (Jedis j = redis.client()) {
      j.set(PREFIX + "d1", "{not json");
    }
    assertThat(cache.getAll(Set.of("d1"))).isEmpty();
  }
}
