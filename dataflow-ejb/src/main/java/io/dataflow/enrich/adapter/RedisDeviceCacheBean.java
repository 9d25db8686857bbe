package io.dataflow.enrich.adapter;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.EnrichConfig;
import io.dataflow.enrich.EnrichSettings;
import io.dataflow.enrich.lookup.DeviceCache;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * L2 as a CDI bean: {@link RedisDeviceCache} behind circuit breakers, so that while Redis is down
 * lookups skip it at once instead of each waiting for a timeout. An open circuit fails the call
 * with {@code CircuitBreakerOpenException}, which the lookup treats like any L2 failure: fall
 * through to L3, report degraded. Only created when {@code dataflow.enrich.redis.url} is set.
 * Thresholds can be tuned with MicroProfile Fault Tolerance config keys, e.g. {@code
 * io.dataflow.enrich.adapter.RedisDeviceCacheBean/getAll/CircuitBreaker/delay=10000}.
 */
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class RedisDeviceCacheBean implements DeviceCache {
  @Inject Config config;
  private RedisDeviceCache redis;

  @PostConstruct
  void connect() {
    EnrichConfig.L2Redis settings =
        EnrichConfig.read(config)
            .redis()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        EnrichSettings.REDIS_URL.key() + " is empty: there is no L2 to connect"));
    try {
      redis =
          new RedisDeviceCache(
              settings.url(),
              settings.keyPrefix(),
              settings.ttl(),
              settings.negativeTtl(),
              settings.timeout(),
              settings.poolSize());
    } catch (IllegalArgumentException e) {
      // The URL may carry a password: the message leaves it out.
      throw EnrichSettings.REDIS_URL.invalid("(not shown)", e.getMessage(), e);
    }
  }

  @PreDestroy
  void close() {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public String tierName() {
    return RedisDeviceCache.TIER;
  }

  @Override
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5_000)
  public Map<String, DeviceRecord> getAll(Collection<String> ids) throws DeviceLookupException {
    return redis.getAll(ids);
  }

  @Override
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5_000)
  public void putAll(Map<String, DeviceRecord> records) throws DeviceLookupException {
    redis.putAll(records);
  }

  @Override
  public boolean invalidate(String id) throws DeviceLookupException {
    return redis.invalidate(id);
  }
}
