package io.dataflow.enrich;

import io.dataflow.sink.batch.RetryBackoff;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The enrich stage's settings, read once from {@code dataflow.enrich.*} and validated; the stage,
 * its tiers and its adapters read these, not the keys. The key extractor and applier are chosen by
 * name ({@link io.dataflow.config.NamedBeans}) from {@code dataflow.enrich.key-extractor} and
 * {@code dataflow.enrich.applier}.
 *
 * @param unknownDevices what happens to a message of a device no tier knows
 * @param maxInFlight messages being enriched at once
 * @param lookupRetry waits between tries of a lookup that failed
 * @param l1 the in-process cache
 * @param batchSize most keys in one L2/L3 batch
 * @param batchWindow longest wait to fill a batch
 * @param lookupThreads threads that run L2/L3 lookups
 * @param registry {@code file} or {@code firestore}
 * @param devicesFile the device file of the file registry
 * @param redis the shared L2 cache, empty when no Redis URL is set
 * @param firestore the Firestore registry's settings
 */
public record EnrichConfig(
    UnknownDevicePolicy unknownDevices,
    int maxInFlight,
    RetryBackoff lookupRetry,
    L1 l1,
    int batchSize,
    Duration batchWindow,
    int lookupThreads,
    String registry,
    Optional<String> devicesFile,
    Optional<L2Redis> redis,
    L3Firestore firestore) {

  /** L1 (Caffeine): size, TTL of a found device and of a "no such device". */
  public record L1(long maxSize, Duration ttl, Duration negativeTtl) {}

  /** L2 (Redis through Jedis). The URL may carry a password: never log it. */
  public record L2Redis(
      String url,
      String keyPrefix,
      Duration ttl,
      Duration negativeTtl,
      Duration timeout,
      int poolSize) {
    @Override
    public String toString() {
      return "L2Redis[keyPrefix=" + keyPrefix + ", ttl=" + ttl + ", poolSize=" + poolSize + "]";
    }
  }

  /** L3 on Firestore. */
  public record L3Firestore(
      Optional<String> project,
      Optional<String> emulatorHost,
      String database,
      String collection,
      Duration timeout) {}

  public static EnrichConfig read(Config config) {
    Optional<L2Redis> redis =
        EnrichSettings.REDIS_URL
            .readOptional(config)
            .map(
                url ->
                    new L2Redis(
                        url,
                        EnrichSettings.REDIS_KEY_PREFIX.read(config),
                        EnrichSettings.REDIS_TTL.read(config),
                        EnrichSettings.REDIS_NEGATIVE_TTL.read(config),
                        EnrichSettings.REDIS_TIMEOUT.read(config),
                        EnrichSettings.REDIS_POOL_SIZE.read(config)));
    return new EnrichConfig(
        UnknownDevicePolicy.of(EnrichSettings.UNKNOWN_DEVICE.read(config)),
        EnrichSettings.MAX_IN_FLIGHT.read(config),
        new RetryBackoff(
            EnrichSettings.RETRY_DELAY.read(config), EnrichSettings.RETRY_MAX_DELAY.read(config)),
        new L1(
            EnrichSettings.L1_MAX_SIZE.read(config),
            EnrichSettings.L1_TTL.read(config),
            EnrichSettings.L1_NEGATIVE_TTL.read(config)),
        EnrichSettings.BATCH_SIZE.read(config),
        EnrichSettings.BATCH_WINDOW.read(config),
        EnrichSettings.LOOKUP_THREADS.read(config),
        EnrichSettings.REGISTRY.read(config),
        EnrichSettings.DEVICES_FILE.readOptional(config),
        redis,
        new L3Firestore(
            EnrichSettings.FIRESTORE_PROJECT.readOptional(config),
            EnrichSettings.FIRESTORE_EMULATOR_HOST.readOptional(config),
            EnrichSettings.FIRESTORE_DATABASE.read(config),
            EnrichSettings.FIRESTORE_COLLECTION.read(config),
            EnrichSettings.FIRESTORE_TIMEOUT.read(config)));
  }
}
