package io.dataflow.enrich;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;
import java.util.List;

/** Configuration of the enrich stage and its lookup tiers. */
public final class EnrichSettings implements SettingsHolder {
  public static final Setting<String> KEY_EXTRACTOR =
      Setting.string(
          "dataflow.enrich.key-extractor",
          DeviceIdKeyExtractor.NAME,
          "@Named KeyExtractor bean that gives the lookup key of an envelope.");
  public static final Setting<String> APPLIER =
      Setting.string(
          "dataflow.enrich.applier",
          EnrichmentMapApplier.NAME,
          "@Named MetadataApplier bean that writes device metadata into an envelope.");
  public static final Setting<String> UNKNOWN_DEVICE =
      Setting.oneOf(
          "dataflow.enrich.unknown-device",
          "pass-through",
          List.of("pass-through", "dead-letter"),
          "Envelopes of unregistered devices: pass-through (attribute enrichment.status=unknown-device)"
              + " or dead-letter (reason unknown-device).");
  public static final Setting<String> REGISTRY =
      Setting.oneOf(
          "dataflow.enrich.registry",
          "file",
          List.of("file", "firestore"),
          "L3 device registry: file (dataflow.devices-file) or firestore.");
  public static final Setting<String> DEVICES_FILE =
      Setting.optionalString(
          "dataflow.devices-file",
          "Device registry file (JSON array of objects with an id field, or CSV with an id column)"
              + " for registry=file. Empty: no devices are known.");
  public static final Setting<Duration> DEVICES_FILE_CHECK_INTERVAL =
      Setting.duration(
          "dataflow.devices-file.check-interval",
          "2s",
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "How often the device file is compared with what was read last; a changed file that"
              + " parses replaces the registry and its added, changed and removed devices are"
              + " dropped from L1 and L2 (negative entries included). An invalid file keeps the"
              + " previous registry: logged, counted (dataflow.enrich.devices.reloads"
              + " outcome=failed) and reported by readiness (device-file=invalid).");
  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.integer(
          "dataflow.enrich.max-in-flight",
          512,
          1,
          100_000,
          "Envelopes being enriched at once (received, not yet handed downstream).");
  public static final Setting<Duration> RETRY_DELAY =
      Setting.duration(
          "dataflow.enrich.retry-delay",
          "500ms",
          Duration.ofMillis(10),
          Duration.ofMinutes(10),
          "Wait before a failed device lookup (L2 and L3 down or slow) is tried again; doubles per"
              + " failure up to retry-max-delay. The message waits in its in-flight slot, so an"
              + " outage pushes back on intake and never dead-letters.");
  public static final Setting<Duration> RETRY_MAX_DELAY =
      Setting.duration(
          "dataflow.enrich.retry-max-delay",
          "30s",
          Duration.ofMillis(10),
          Duration.ofHours(1),
          "Longest wait between tries of a device lookup that keeps failing.");
  public static final Setting<Integer> BATCH_SIZE =
      Setting.integer(
          "dataflow.enrich.batch-size",
          100,
          1,
          1_000,
          "Most L1 misses loaded in one L2 MGET / L3 getAll.");
  public static final Setting<Duration> BATCH_WINDOW =
      Setting.duration(
          "dataflow.enrich.batch-window",
          "5ms",
          "How long an L1 miss waits for others to share its L2/L3 batch.");
  public static final Setting<Integer> LOOKUP_THREADS =
      Setting.integer(
          "dataflow.enrich.lookup-threads", 4, 1, 256, "Threads making the blocking L2/L3 calls.");
  public static final Setting<Long> L1_MAX_SIZE =
      Setting.longValue(
          "dataflow.enrich.l1.max-size",
          100_000,
          1,
          100_000_000,
          "Most devices held in the in-process cache (L1).");
  public static final Setting<Duration> L1_TTL =
      Setting.duration("dataflow.enrich.l1.ttl", "5m", "How long L1 keeps a device's metadata.");
  public static final Setting<Duration> L1_NEGATIVE_TTL =
      Setting.duration(
          "dataflow.enrich.l1.negative-ttl", "30s", "How long L1 remembers an unknown device.");
  public static final Setting<String> REDIS_URL =
      Setting.optionalString(
          "dataflow.enrich.redis.url",
          "Redis for the shared cache (L2), e.g. redis://host:6379/0 or rediss://user:pw@host:6380."
              + " Empty: no L2.");
  public static final Setting<String> REDIS_KEY_PREFIX =
      Setting.string(
          "dataflow.enrich.redis.key-prefix",
          "dataflow:device:",
          "Prefix of the L2 keys; the device id follows it.");
  public static final Setting<Duration> REDIS_TTL =
      Setting.duration("dataflow.enrich.redis.ttl", "1h", "TTL of a device's metadata in L2.");
  public static final Setting<Duration> REDIS_NEGATIVE_TTL =
      Setting.duration(
          "dataflow.enrich.redis.negative-ttl", "60s", "TTL of an unknown-device marker in L2.");
  public static final Setting<Duration> REDIS_TIMEOUT =
      Setting.duration(
          "dataflow.enrich.redis.timeout",
          "500ms",
          "Connect and socket timeout of Redis calls; also the wait for a pooled connection.");
  public static final Setting<Integer> REDIS_POOL_SIZE =
      Setting.integer(
          "dataflow.enrich.redis.pool-size", 8, 1, 1_000, "Most pooled Redis connections.");
  public static final Setting<String> FIRESTORE_PROJECT =
      Setting.optionalString(
          "dataflow.enrich.firestore.project-id",
          "Google Cloud project of the Firestore registry. Empty: the client's default project.");
  public static final Setting<String> FIRESTORE_DATABASE =
      Setting.string("dataflow.enrich.firestore.database", "(default)", "Firestore database id.");
  public static final Setting<String> FIRESTORE_COLLECTION =
      Setting.string(
          "dataflow.enrich.firestore.collection",
          "devices",
          "Firestore collection of device documents; the document id is the device id.");
  public static final Setting<String> FIRESTORE_EMULATOR_HOST =
      Setting.optionalString(
          "dataflow.enrich.firestore.emulator-host",
          "host:port of a Firestore emulator. Empty: real Firestore (or FIRESTORE_EMULATOR_HOST).");
  public static final Setting<Duration> FIRESTORE_TIMEOUT =
      Setting.duration(
          "dataflow.enrich.firestore.timeout",
          "2s",
          "Deadline of one Firestore getAll call (the fault-tolerance @Timeout around it is 5s).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public EnrichSettings() {}
}
