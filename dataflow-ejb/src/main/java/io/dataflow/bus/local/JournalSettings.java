package io.dataflow.bus.local;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/** Settings of the local bus's write-ahead journal (see docs/bus.md). */
public final class JournalSettings implements SettingsHolder {
  public static final Setting<Boolean> ENABLED =
      Setting.bool(
          "dataflow.bus.local.journal",
          true,
          "Journal every local bus message under <data-dir>/bus/ before accepting it, and replay"
              + " unacked messages after a restart. false keeps messages in memory only (lost on a"
              + " crash).");
  public static final Setting<java.time.Duration> FLUSH_INTERVAL =
      Setting.duration(
          "dataflow.bus.local.journal.flush-interval",
          "0ms",
          "Longest time the journal waits for more records before an fsync. 0 (default) forces as"
              + " soon as a record waits; records appended during an fsync share the next one"
              + " (group commit).");
  public static final Setting<Integer> FLUSH_RECORDS =
      Setting.integer(
          "dataflow.bus.local.journal.flush-records",
          256,
          1,
          1_000_000,
          "With a flush interval above 0: waiting records that start an fsync before it is over.");
  public static final Setting<Long> SEGMENT_BYTES =
      Setting.longValue(
          "dataflow.bus.local.journal.segment-bytes",
          64L << 20,
          64L << 10,
          1L << 30,
          "Size after which a journal segment file is closed and a new one started; a segment is"
              + " deleted once every subscription has acked all its messages, or by retention"
              + " (retention-bytes, retention-age).");

  public static final Setting<Long> RETENTION_BYTES =
      Setting.longValue(
          "dataflow.bus.local.journal.retention-bytes",
          1L << 30,
          64L << 10,
          Long.MAX_VALUE,
          "Per topic: once its journal segments hold more bytes than this, the oldest segments are"
              + " deleted even though a subscription that no channel attached to at start-up has"
              + " not acked them; the messages it loses are logged (WARNING) and counted"
              + " (dataflow_bus_journal_retention_dropped). A subscription with an attached"
              + " consumer is never cut (backpressure bounds it). Default 1 GiB.");
  public static final Setting<java.time.Duration> RETENTION_AGE =
      Setting.duration(
          "dataflow.bus.local.journal.retention-age",
          "7d",
          java.time.Duration.ofMinutes(1),
          java.time.Duration.ofDays(3650),
          "Per topic: a segment closed longer ago than this is deleted even though a subscription"
              + " that no channel attached to at start-up has not acked it, as for retention-bytes."
              + " Accepts d (days), e.g. 7d.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public JournalSettings() {}
}
