package io.dataflow.sink.archive;

import io.dataflow.config.ConfigurationException;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.RetryBackoff;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The archive sink's settings, read and checked once at start-up.
 *
 * @param template the group key template
 * @param limits when one group is sealed
 * @param bounds bounds over all groups
 * @param backoff waits between upload tries of a batch
 * @param shutdownTimeout how long the final flush may take
 * @param gcs the settings of the GCS adapter when objects go to GCS, else empty (the local
 *     directory under the data directory)
 */
public record ArchiveConfig(
    ArchiveKeyTemplate template,
    BatchLimits limits,
    BatcherBounds bounds,
    RetryBackoff backoff,
    Duration shutdownTimeout,
    Optional<Cloud> gcs) {

  /**
   * What the GCS adapter needs.
   *
   * @param bucket the bucket
   * @param prefix the folder of every object name
   * @param client project, endpoint override and request timeout of the client
   * @param resumableThreshold objects of at least this many bytes use a resumable upload
   */
  public record Cloud(
      String bucket, String prefix, GoogleClientOptions client, long resumableThreshold) {}

  /** Reads the settings; a bad value fails naming its key. */
  public static ArchiveConfig read(Config config) {
    String template = ArchiveSettings.KEY_TEMPLATE.read(config);
    ArchiveKeyTemplate parsed;
    try {
      parsed = ArchiveKeyTemplate.parse(template);
    } catch (IllegalArgumentException e) {
      throw ArchiveSettings.KEY_TEMPLATE.invalid(template, e.getMessage(), e);
    }
    return new ArchiveConfig(
        parsed,
        new BatchLimits(
            ArchiveSettings.MAX_BATCH_RECORDS.read(config),
            ArchiveSettings.MAX_BATCH_BYTES.read(config),
            ArchiveSettings.MAX_BATCH_AGE.read(config),
            ArchiveSettings.MAX_IDLE.read(config)),
        new BatcherBounds(
            ArchiveSettings.MAX_PENDING_RECORDS.read(config),
            ArchiveSettings.MAX_PENDING_BYTES.read(config),
            ArchiveSettings.MAX_OPEN_GROUPS.read(config),
            ArchiveSettings.MAX_PARALLEL_UPLOADS.read(config)),
        new RetryBackoff(
            ArchiveSettings.RETRY_DELAY.read(config), ArchiveSettings.RETRY_MAX_DELAY.read(config)),
        ArchiveSettings.SHUTDOWN_TIMEOUT.read(config),
        ArchiveSettings.STORE.read(config).equals("gcs")
            ? Optional.of(gcs(config))
            : Optional.empty());
  }

  private static Cloud gcs(Config config) {
    String bucket =
        ArchiveSettings.GCS_BUCKET
            .readOptional(config)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        ArchiveSettings.GCS_BUCKET.key()
                            + " is required when "
                            + ArchiveSettings.STORE.key()
                            + "=gcs"));
    return new Cloud(
        bucket,
        ArchiveSettings.GCS_PREFIX.read(config),
        GoogleClientOptions.of(
            ArchiveSettings.GCS_PROJECT_ID.readOptional(config),
            ArchiveSettings.GCS_HOST.readOptional(config),
            ArchiveSettings.GCS_TIMEOUT.read(config)),
        ArchiveSettings.GCS_RESUMABLE_THRESHOLD.read(config));
  }

  /** How often due groups are sealed: often enough that a deadline is met within a tenth. */
  public Duration sealPeriod() {
    Duration shortest = limits.maxAge();
    if (!limits.maxIdle().isZero() && limits.maxIdle().compareTo(shortest) < 0) {
      shortest = limits.maxIdle();
    }
    Duration tenth = shortest.dividedBy(10);
    Duration min = Duration.ofMillis(50);
    Duration max = Duration.ofSeconds(1);
    return tenth.compareTo(min) < 0 ? min : tenth.compareTo(max) > 0 ? max : tenth;
  }
}
