package io.dataflow.sink.archive;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;
import java.util.List;

/** Settings of the archive sink ({@code dataflow.archive.*}). */
public final class ArchiveSettings implements SettingsHolder {
  public static final Setting<String> KEY_TEMPLATE =
      Setting.string(
          "dataflow.archive.key-template",
          "{yyyy}/{MM}/{dd}/{location}",
          "Group key of an archived envelope, and the folder of its object. Placeholders: {yyyy}"
              + " {MM} {dd} {HH} (event time, UTC), {deviceId} {id} {source.topic}"
              + " {source.route}, {attr.NAME}, {enrichment.NAME} (dotted paths allowed) and"
              + " {location} (short for {enrichment.location}). A missing value becomes 'unknown'.");
  public static final Setting<Integer> MAX_BATCH_RECORDS =
      Setting.integer(
          "dataflow.archive.max-batch-records",
          5_000,
          1,
          10_000_000,
          "Records after which a group is sealed into one object. Keep the archive channel's"
              + " max-in-flight above it.");
  public static final Setting<Long> MAX_BATCH_BYTES =
      Setting.longValue(
          "dataflow.archive.max-batch-bytes",
          32L * 1024 * 1024,
          1024,
          4L * 1024 * 1024 * 1024,
          "Uncompressed JSONL bytes after which a group is sealed.");
  public static final Setting<Duration> MAX_BATCH_AGE =
      Setting.duration(
          "dataflow.archive.max-batch-age",
          "5m",
          Duration.ofMillis(1),
          Duration.ofDays(30),
          "Time since a group's first record after which it is sealed, traffic or not. Keep it"
              + " well inside the bus's lease (Pub/Sub: maxAckExtensionPeriod).");
  public static final Setting<Duration> MAX_IDLE =
      Setting.duration(
          "dataflow.archive.max-idle",
          "30s",
          "Time without a new record after which a group is sealed.");
  public static final Setting<Integer> MAX_OPEN_GROUPS =
      Setting.integer(
          "dataflow.archive.max-open-groups",
          256,
          1,
          100_000,
          "Groups open at once. A record for a new group beyond it seals the oldest open group"
              + " first (never a drop). Each open group holds a zlib compressor (about 256 KiB"
              + " native memory).");
  public static final Setting<Long> MAX_PENDING_RECORDS =
      Setting.longValue(
          "dataflow.archive.max-pending-records",
          20_000,
          1,
          100_000_000,
          "Records held in all groups (open, sealed and uploading). Intake waits (backpressure)"
              + " above it. Keep the archive channel's max-in-flight above it.");
  public static final Setting<Long> MAX_PENDING_BYTES =
      Setting.longValue(
          "dataflow.archive.max-pending-bytes",
          128L * 1024 * 1024,
          1024,
          64L * 1024 * 1024 * 1024,
          "Memory held by all groups (open, sealed and uploading), i.e. their compressed bytes."
              + " Intake waits (backpressure) above it; nothing is dropped.");
  public static final Setting<Integer> MAX_PARALLEL_UPLOADS =
      Setting.integer(
          "dataflow.archive.max-parallel-uploads", 4, 1, 256, "Objects uploaded at once.");
  public static final Setting<Duration> RETRY_DELAY =
      Setting.duration(
          "dataflow.archive.retry-delay",
          "1s",
          Duration.ofMillis(1),
          Duration.ofDays(1),
          "After an upload failed (its prompt retries included), the wait before the batch is"
              + " tried again; it doubles on every failure up to retry-max-delay. The batch stays"
              + " pending, its messages unacked, until it is stored.");
  public static final Setting<Duration> RETRY_MAX_DELAY =
      Setting.duration(
          "dataflow.archive.retry-max-delay",
          "60s",
          Duration.ofMillis(1),
          Duration.ofDays(1),
          "Longest wait between upload tries.");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.duration(
          "dataflow.archive.shutdown-timeout",
          "60s",
          "At shutdown, how long the final flush of every group may take.");
  public static final Setting<String> STORE =
      Setting.oneOf(
          "dataflow.archive.store",
          "local",
          List.of("local", "gcs"),
          "Where objects go: local (<data-dir>/archive/) or gcs (dataflow.archive.gcs.*).");
  public static final Setting<String> GCS_BUCKET =
      Setting.optionalString(
          "dataflow.archive.gcs.bucket", "GCS bucket of the archive; required with store=gcs.");
  public static final Setting<String> GCS_PREFIX =
      Setting.string(
          "dataflow.archive.gcs.prefix",
          "",
          "Folder of every object name in the bucket, e.g. 'telemetry/' (a missing trailing slash is"
              + " added).");
  public static final Setting<String> GCS_PROJECT_ID =
      Setting.optionalString(
          "dataflow.archive.gcs.project-id",
          "Google Cloud project; empty means the environment's default.");
  public static final Setting<String> GCS_HOST =
      Setting.optionalString(
          "dataflow.archive.gcs.host",
          "GCS endpoint override such as http://127.0.0.1:9023 (tests, fakes); a plain-http URL"
              + " or a bare host:port is used without credentials, an https:// URL with them.");
  public static final Setting<Long> GCS_RESUMABLE_THRESHOLD =
      Setting.longValue(
          "dataflow.archive.gcs.resumable-threshold",
          8L * 1024 * 1024,
          0,
          Long.MAX_VALUE,
          "Objects of at least this many bytes use a resumable upload; smaller ones one request.");
  public static final Setting<Duration> GCS_TIMEOUT =
      Setting.duration(
          "dataflow.archive.gcs.timeout",
          "30s",
          "Connect and read timeout of one GCS request (the start-up bucket check uses 5s).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public ArchiveSettings() {}
}
