package io.dataflow.enrich.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The in-process tier (L1), on Caffeine. Known devices are held for {@code ttl}, unknown ones
 * (negative entries) for {@code negativeTtl}, each in its own size-bounded cache with a fixed
 * expire-after-write, which keeps a hit as cheap as a plain Caffeine read. Single-flight: while a
 * key is being loaded, further misses on it join that load instead of starting another. A load that
 * fails is not cached.
 *
 * <p>Hits count positive entries, negative hits negative ones; every other lookup (a load, or
 * joining a load in progress) is a miss. Latency is sampled on one lookup in 64.
 */
public final class CaffeineDeviceCache {
  public static final String TIER = "l1-caffeine";
  private static final int LATENCY_SAMPLE = 64;
  private final Cache<String, CompletableFuture<DeviceRecord>> known;
  private final Cache<String, CompletableFuture<DeviceRecord>> unknown;
  private final ConcurrentMap<String, CompletableFuture<DeviceRecord>> loading =
      new ConcurrentHashMap<>();
  private final TierStats stats = new TierStats();

  /**
   * @param maximumSize most known devices held, and separately most unknown ones
   * @param ticker time source for expiry ({@link #ticker(Clock)} turns a clock into one; {@link
   *     CoarseTicker} is the cheap one for production)
   * @param maintenance executor for Caffeine's maintenance and removal work
   */
  public CaffeineDeviceCache(
      long maximumSize, Duration ttl, Duration negativeTtl, Ticker ticker, Executor maintenance) {
    this.known = build(maximumSize, ttl, ticker, maintenance);
    this.unknown = build(maximumSize, negativeTtl, ticker, maintenance);
  }

  private static Cache<String, CompletableFuture<DeviceRecord>> build(
      long maximumSize, Duration ttl, Ticker ticker, Executor maintenance) {
    return Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(ttl)
        .ticker(ticker)
        .executor(maintenance)
        .build();
  }

  /** A ticker reading the clock as epoch nanoseconds: how tests drive expiry with a fake clock. */
  public static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * The cached record of {@code key} (an already completed future), else the future of the load in
   * progress for it, else the future of a new load by {@code loader}.
   */
  public CompletableFuture<DeviceRecord> get(
      String key, Function<String, CompletableFuture<DeviceRecord>> loader) {
    boolean timed = ThreadLocalRandom.current().nextInt(LATENCY_SAMPLE) == 0;
    long start = timed ? System.nanoTime() : 0;
    CompletableFuture<DeviceRecord> result = known.getIfPresent(key);
    if (result != null) {
      stats.hit();
    } else if ((result = unknown.getIfPresent(key)) != null) {
      stats.negativeHit();
    } else {
      stats.miss();
      result = loadOnce(key, loader);
    }
    if (timed) {
      stats.call(System.nanoTime() - start);
    }
    return result;
  }

  private CompletableFuture<DeviceRecord> loadOnce(
      String key, Function<String, CompletableFuture<DeviceRecord>> loader) {
    CompletableFuture<DeviceRecord> mine = new CompletableFuture<>();
    CompletableFuture<DeviceRecord> inProgress = loading.putIfAbsent(key, mine);
    if (inProgress != null) {
      return inProgress;
    }
    CompletableFuture<DeviceRecord> load;
    try {
      load = loader.apply(key);
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    load.whenComplete(
        (record, error) -> {
          // Cache first, then stop advertising the load: a caller always finds one or the other.
          if (error == null && loading.get(key) == mine) {
            (record.isFound() ? known : unknown)
                .put(key, CompletableFuture.completedFuture(record));
          }
          loading.remove(key, mine);
          if (error == null) {
            mine.complete(record);
          } else {
            mine.completeExceptionally(error);
          }
        });
    return mine;
  }

  /** Drops a key (and forgets a load in progress for it); returns whether L1 held it. */
  public boolean invalidate(String key) {
    boolean held = loading.remove(key) != null;
    held |= known.asMap().remove(key) != null;
    held |= unknown.asMap().remove(key) != null;
    return held;
  }

  /** Entries held, known and unknown devices together (Caffeine's estimate). */
  public long size() {
    return known.estimatedSize() + unknown.estimatedSize();
  }

  /** Runs pending maintenance (expiry, eviction); tests call it to observe exact sizes. */
  public void cleanUp() {
    known.cleanUp();
    unknown.cleanUp();
  }

  public TierStats stats() {
    return stats;
  }
}
