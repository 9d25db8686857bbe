package io.dataflow.enrich.lookup;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The in-process tier (L1), on Caffeine. Bounded by size; positive entries live for {@code ttl},
 * negative ones ({@link DeviceRecord#absent()}) for {@code negativeTtl}. Single-flight: the cache
 * holds the future of a load in progress, so concurrent misses on one key share one load. A load
 * that fails is not cached.
 *
 * <p>Hits count completed positive entries, negative hits completed negative ones; every other
 * lookup (a load, or joining a load in progress) is a miss. Latency is sampled on one lookup in 64.
 */
public final class CaffeineDeviceCache {
  public static final String TIER = "l1-caffeine";
  private static final int LATENCY_SAMPLE = 64;
  private final AsyncCache<String, DeviceRecord> cache;
  private final TierStats stats = new TierStats();

  /**
   * @param ticker time source for expiry ({@link #ticker(Clock)} turns the injected clock into one)
   * @param maintenance executor for Caffeine's maintenance and removal work
   */
  public CaffeineDeviceCache(
      long maximumSize, Duration ttl, Duration negativeTtl, Ticker ticker, Executor maintenance) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(new TtlByKind(ttl.toNanos(), negativeTtl.toNanos()))
            .ticker(ticker)
            .executor(maintenance)
            .buildAsync();
  }

  /**
   * A ticker reading the clock. The system clock maps to Caffeine's monotonic system ticker, which
   * is cheaper; any other clock (a test's fake clock) is read as epoch nanoseconds.
   */
  public static Ticker ticker(Clock clock) {
    if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
      return Ticker.systemTicker();
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * The cached record of {@code key}, or the future of {@code loader} when there is none.
   * Concurrent calls for a key that is being loaded join that load instead of calling the loader
   * again.
   */
  public CompletableFuture<DeviceRecord> get(
      String key, Function<String, CompletableFuture<DeviceRecord>> loader) {
    boolean timed = ThreadLocalRandom.current().nextInt(LATENCY_SAMPLE) == 0;
    long start = timed ? System.nanoTime() : 0;
    CompletableFuture<DeviceRecord> cached = cache.getIfPresent(key);
    CompletableFuture<DeviceRecord> result;
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      if (cached.join().isFound()) {
        stats.hit();
      } else {
        stats.negativeHit();
      }
      result = cached;
    } else {
      stats.miss();
      result = cached != null ? cached : cache.get(key, (k, executor) -> loader.apply(k));
    }
    if (timed) {
      stats.call(System.nanoTime() - start);
    }
    return result;
  }

  /** Drops a key; returns whether the cache held it (loaded or loading). */
  public boolean invalidate(String key) {
    boolean held = cache.getIfPresent(key) != null;
    cache.synchronous().invalidate(key);
    return held;
  }

  /** Entries held, approximately (Caffeine's estimate). */
  public long size() {
    return cache.synchronous().estimatedSize();
  }

  /** Runs pending maintenance (expiry, eviction); tests call it to observe exact sizes. */
  public void cleanUp() {
    cache.synchronous().cleanUp();
  }

  public TierStats stats() {
    return stats;
  }

  /** Positive entries expire after the TTL, negative ones after the negative TTL, from write. */
  private record TtlByKind(long ttlNanos, long negativeTtlNanos)
      implements Expiry<String, DeviceRecord> {
    @Override
    public long expireAfterCreate(String key, DeviceRecord value, long currentTime) {
      return value.isFound() ? ttlNanos : negativeTtlNanos;
    }

    @Override
    public long expireAfterUpdate(
        String key, DeviceRecord value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, DeviceRecord value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
