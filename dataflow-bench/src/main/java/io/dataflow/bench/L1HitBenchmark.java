package io.dataflow.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.CoarseTicker;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceRecord;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An L1 hit through the enrich stage's lookup ({@link DeviceLookup#lookup} as the stage builds it:
 * coarse ticker, hit counters, sampled latency) against a bare Caffeine {@code getIfPresent}
 * without expiry, and with expire-after-write on the system ticker. Target: the stage's lookup at
 * most 2x the bare get.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class L1HitBenchmark {
  private static final int DEVICES = 1_024; // a power of two: the key index is a mask
  private String[] ids;
  private int next;
  private DeviceLookup lookup;
  private Cache<String, DeviceRecord> bare;
  private Cache<String, DeviceRecord> bareExpiring;
  private ExecutorService workers;
  private ScheduledExecutorService timer;

  @Setup
  public void setUp() {
    ids = Devices.ids(DEVICES);
    workers = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                100_000,
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                CoarseTicker.start(timer, Duration.ofMillis(10)),
                ForkJoinPool.commonPool()),
            null,
            Devices.registry(),
            100,
            Duration.ofMillis(1),
            workers,
            (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    for (String id : ids) {
      lookup.lookup(id).join();
    }
    bare = Caffeine.newBuilder().maximumSize(100_000).build();
    bareExpiring =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build();
    Devices.records(ids)
        .forEach(
            (id, r) -> {
              bare.put(id, r);
              bareExpiring.put(id, r);
            });
  }

  @TearDown
  public void tearDown() {
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private String nextId() {
    return ids[next++ & (DEVICES - 1)];
  }

  @Benchmark
  public DeviceRecord stageLookup() {
    return lookup.lookup(nextId()).join();
  }

  @Benchmark
  public DeviceRecord bareCaffeineGet() {
    return bare.getIfPresent(nextId());
  }

  @Benchmark
  public DeviceRecord bareCaffeineGetWithExpiry() {
    return bareExpiring.getIfPresent(nextId());
  }
}
