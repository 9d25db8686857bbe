package io.dataflow.enrich;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.ConfigurationException;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.adapter.FileDeviceRegistry;
import io.dataflow.enrich.adapter.FirestoreDeviceRegistryBean;
import io.dataflow.enrich.adapter.RedisDeviceCacheBean;
import io.dataflow.enrich.adapter.ReloadingDeviceRegistry;
import io.dataflow.enrich.lookup.CacheTierStats;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.CoarseTicker;
import io.dataflow.enrich.lookup.DeviceCache;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceRegistry;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The enrich stage's lookup tiers, assembled from configuration: L1 Caffeine, L2 Redis when {@code
 * dataflow.enrich.redis.url} is set, L3 the device file or Firestore. Also the stage's {@link
 * CacheControl} for the console, and the source of the per-tier gauges.
 *
 * <p>The device file is checked every {@code dataflow.devices-file.check-interval} ({@link
 * ReloadingDeviceRegistry}, {@link DeviceFileWatch}): the devices a changed file adds, changes or
 * removes are invalidated in L1 and L2 (their negative entries too), so the next lookup reads the
 * new registry; an invalid file keeps the previous registry and is reported by {@link
 * EnrichReadiness}.
 */
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class EnrichTiers implements CacheControl {
  private static final Logger LOG = Logger.getLogger(EnrichTiers.class.getName());
  private static final Duration TICKER_PERIOD = Duration.ofMillis(10);
  @Inject Config config;
  @Inject Clock clock;
  @Inject PipelineMetrics metrics;
  @Inject Instance<RedisDeviceCacheBean> redis;
  @Inject Instance<FirestoreDeviceRegistryBean> firestore;

  @Inject ManagedThreads threads;

  private ExecutorService workers;
  private ScheduledExecutorService timer;
  private DeviceLookup lookup;
  private ReloadingDeviceRegistry deviceFile;

  @PostConstruct
  void start() {
    EnrichConfig settings = EnrichConfig.read(config);
    ThreadFactory lookupThreads = threads.factory(Stage.ENRICH.configName() + "-lookup");
    workers = Executors.newFixedThreadPool(settings.lookupThreads(), lookupThreads);
    timer = Executors.newSingleThreadScheduledExecutor(lookupThreads);
    DeviceCache l2 = settings.redis().isPresent() ? redis.get() : null;
    DeviceRegistry l3 = registry(settings);
    lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                settings.l1().maxSize(),
                settings.l1().ttl(),
                settings.l1().negativeTtl(),
                ticker(),
                ForkJoinPool.commonPool()),
            l2,
            l3,
            settings.batchSize(),
            settings.batchWindow(),
            workers,
            (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    new TierGauges(lookup).register(metrics);
    if (deviceFile != null) {
      watchDeviceFile(EnrichSettings.DEVICES_FILE_CHECK_INTERVAL.read(config));
    }
    LOG.info(
        () ->
            "Enrich lookup: L1 caffeine, L2 "
                + (l2 == null ? "off" : l2.tierName())
                + ", L3 "
                + l3.tierName());
  }

  /**
   * The system clock becomes a {@link CoarseTicker} (a clock read per 10 ms instead of per lookup);
   * any other injected clock (a fixed or fake one) drives expiry directly.
   */
  private Ticker ticker() {
    if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
      return CoarseTicker.start(timer, TICKER_PERIOD);
    }
    return CaffeineDeviceCache.ticker(clock);
  }

  private DeviceRegistry registry(EnrichConfig settings) {
    if (settings.registry().equals("firestore")) {
      return firestore.get();
    }
    Optional<String> file = settings.devicesFile();
    if (file.isEmpty()) {
      LOG.warning(
          EnrichSettings.DEVICES_FILE.key()
              + " is not set: no device is registered, every envelope is an unknown device");
      return FileDeviceRegistry.empty();
    }
    try {
      ReloadingDeviceRegistry registry = ReloadingDeviceRegistry.open(Path.of(file.get()));
      LOG.info(() -> "Device registry: " + registry.size() + " devices from " + file.get());
      deviceFile = registry;
      return registry;
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "Cannot read the device file '"
              + file.get()
              + "' set by "
              + EnrichSettings.DEVICES_FILE.key()
              + " (env "
              + EnrichSettings.DEVICES_FILE.environmentVariable()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private void watchDeviceFile(Duration every) {
    DeviceFileWatch watch =
        new DeviceFileWatch(
            deviceFile,
            lookup::invalidate,
            metrics.count(MetricCatalog.DEVICE_FILE_RELOADS, PipelineMetrics.tag("outcome", "ok")),
            metrics.count(
                MetricCatalog.DEVICE_FILE_RELOADS, PipelineMetrics.tag("outcome", "failed")));
    metrics.gauge(
        MetricCatalog.DEVICE_FILE_VALID, () -> deviceFile.lastError().isPresent() ? 0 : 1);
    metrics.gauge(MetricCatalog.DEVICES, deviceFile::size);
    timer.scheduleWithFixedDelay(
        watch::check, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The reloading device-file registry, if L3 is the device file. */
  public Optional<ReloadingDeviceRegistry> deviceFile() {
    return Optional.ofNullable(deviceFile);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  /** The layered lookup the stage uses. */
  public DeviceLookup lookup() {
    return lookup;
  }

  @Override
  public List<CacheTierStats> tiers() {
    return lookup.tiers();
  }

  @Override
  public boolean invalidate(String deviceId, String requestedBy) {
    boolean held = lookup.invalidate(deviceId);
    LOG.info(
        () -> "Device " + deviceId + " invalidated by " + requestedBy + " (held: " + held + ")");
    return held;
  }
}
