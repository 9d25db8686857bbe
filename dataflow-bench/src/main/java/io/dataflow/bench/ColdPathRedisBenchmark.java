package io.dataflow.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.enrich.adapter.RedisDeviceCache;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.CoarseTicker;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Jedis;

/**
 * The cold path: 1,000 devices, none in L1, all in a real Redis (L2). {@code batchedMget} looks
 * them up through the stage's lookup, whose L1 misses are coalesced into MGETs of {@code batchSize}
 * keys; {@code getPerMessage} does one GET (and the same JSON decoding) per message. Times are per
 * message. At the end of each trial the round trips per message, counted by Redis itself ({@code
 * INFO commandstats}), are printed. Target: batched at most 0.2x the GET path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ColdPathRedisBenchmark {
  private static final int DEVICES = 1_000;
  private static final String PREFIX = "dataflow:device:";
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  @Param({"10", "100"})
  public int batchSize;

  private String[] ids;
  private BenchRedis redis;
  private RedisDeviceCache l2;
  private Jedis direct;
  private final ObjectMapper json = new ObjectMapper();
  private ExecutorService workers;
  private ScheduledExecutorService timer;
  private long messages;
  private CoarseTicker ticker;

  @Setup
  public void setUp() throws Exception {
    ids = Devices.ids(DEVICES);
    redis = BenchRedis.start();
    l2 =
        new RedisDeviceCache(
            redis.url(),
            PREFIX,
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            Duration.ofSeconds(2),
            8);
    l2.putAll(Devices.records(ids));
    direct = redis.client();
    workers = Executors.newFixedThreadPool(4);
    timer = Executors.newSingleThreadScheduledExecutor();
    ticker = CoarseTicker.start(timer, Duration.ofMillis(10));
    redis.resetStats();
  }

  @TearDown
  public void tearDown() throws Exception {
    long mget = redis.calls("mget");
    long get = redis.calls("get");
    System.out.printf(
        "%n[round trips] messages=%d MGET=%d GET=%d round-trips/message=%.4f%n",
        messages, mget, get, (double) (mget + get) / Math.max(1, messages));
    direct.close();
    l2.close();
    workers.shutdownNow();
    timer.shutdownNow();
    redis.close();
  }

  @Benchmark
  @OperationsPerInvocation(DEVICES)
  public int batchedMget() {
    DeviceLookup lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                100_000,
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                ticker,
                ForkJoinPool.commonPool()),
            l2,
            Devices.registry(),
            batchSize,
            Duration.ofMillis(1),
            workers,
            (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    List<CompletableFuture<DeviceRecord>> pending = new ArrayList<>(DEVICES);
    for (String id : ids) {
      pending.add(lookup.lookup(id));
    }
    int found = 0;
    for (CompletableFuture<DeviceRecord> f : pending) {
      found += f.join().isFound() ? 1 : 0;
    }
    messages += DEVICES;
    return found;
  }

  @Benchmark
  @OperationsPerInvocation(DEVICES)
  public int getPerMessage() throws Exception {
    int found = 0;
    for (String id : ids) {
      String value = direct.get(PREFIX + id);
      found += value != null && !json.readValue(value, FIELDS).isEmpty() ? 1 : 0;
    }
    messages += DEVICES;
    return found;
  }
}
