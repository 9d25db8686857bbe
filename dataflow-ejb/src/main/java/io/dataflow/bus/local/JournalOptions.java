package io.dataflow.bus.local;

import io.dataflow.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Where and how the local bus journals its topics.
 *
 * @param directory one sub-directory per topic goes here
 * @param flushInterval how long the flusher waits for more records before an fsync
 * @param flushRecords waiting records that start an fsync before the interval is over
 * @param segmentBytes size after which a new segment file is started
 * @param retentionBytes per topic: segment bytes above which the oldest segments are deleted even
 *     if a subscription without a consumer has not acked them
 * @param retentionAge per topic: age of a closed segment after which it is deleted even if a
 *     subscription without a consumer has not acked it
 */
public record JournalOptions(
    Path directory,
    Duration flushInterval,
    int flushRecords,
    long segmentBytes,
    long retentionBytes,
    Duration retentionAge) {

  /** Options with the default retention. */
  public JournalOptions(
      Path directory, Duration flushInterval, int flushRecords, long segmentBytes) {
    this(
        directory,
        flushInterval,
        flushRecords,
        segmentBytes,
        JournalSettings.RETENTION_BYTES.parse(JournalSettings.RETENTION_BYTES.defaultValue()),
        JournalSettings.RETENTION_AGE.parse(JournalSettings.RETENTION_AGE.defaultValue()));
  }

  /** These options with other retention limits. */
  public JournalOptions withRetention(long bytes, Duration age) {
    return new JournalOptions(directory, flushInterval, flushRecords, segmentBytes, bytes, age);
  }

  /** Defaults of {@link JournalSettings} in the given directory. */
  public static JournalOptions defaults(Path directory) {
    return new JournalOptions(
        directory,
        JournalSettings.FLUSH_INTERVAL.parse(JournalSettings.FLUSH_INTERVAL.defaultValue()),
        JournalSettings.FLUSH_RECORDS.parse(JournalSettings.FLUSH_RECORDS.defaultValue()),
        JournalSettings.SEGMENT_BYTES.parse(JournalSettings.SEGMENT_BYTES.defaultValue()));
  }

  /** The configured options, failing with the key's name on a bad value. */
  static JournalOptions from(Config config, Path directory) {
    Duration interval = JournalSettings.FLUSH_INTERVAL.read(config);
    if (interval.isNegative()) {
      throw new ConfigurationException(
          JournalSettings.FLUSH_INTERVAL.key() + " must not be negative, got " + interval);
    }
    return new JournalOptions(
        directory,
        interval,
        JournalSettings.FLUSH_RECORDS.read(config),
        JournalSettings.SEGMENT_BYTES.read(config),
        JournalSettings.RETENTION_BYTES.read(config),
        JournalSettings.RETENTION_AGE.read(config));
  }

  /** Fails with a clear message if the journal directory cannot be used. */
  void checkDirectory() {
    if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
      throw new IllegalStateException(
          "The local bus journal directory "
              + directory
              + " is not a writable directory: fix dataflow.data-dir or its permissions, or turn"
              + " the journal off with "
              + JournalSettings.ENABLED.key()
              + "=false (messages are then lost on a crash)");
    }
  }
}
