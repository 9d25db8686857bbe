package io.dataflow.metrics;

import static io.dataflow.metrics.MetricDef.counter;
import static io.dataflow.metrics.MetricDef.gauge;
import static io.dataflow.metrics.MetricDef.histogram;
import static io.dataflow.metrics.MetricDef.timer;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * Every application metric dataflow serves, in one place: registration ({@link PipelineMetrics})
 * takes these definitions and {@link MetricsReference} renders {@code docs/metrics.md} from them.
 * Counts are counters (served with {@code _total}), durations are timers in seconds, levels are
 * gauges. Labels have bounded values (stages, outcomes, tiers, sinks, channels, topics; never a
 * device).
 */
public final class MetricCatalog {
  private MetricCatalog() {}

  private static final String PUBSUB = "with `dataflow.bus=pubsub`";
  private static final String JOURNAL = "with the journaled local bus (the default)";

  // Stages
  public static final MetricDef STAGE_MESSAGES =
      counter(
          "dataflow.stage.messages",
          "Messages a stage has handled, by outcome: received, published (handed downstream),"
              + " acked, nacked, dead_lettered",
          "stage",
          "outcome");
  public static final MetricDef STAGE_IN_FLIGHT =
      gauge(
          "dataflow.stage.in.flight",
          MetricUnits.NONE,
          "Messages received by a stage and not yet acked or nacked",
          "stage");
  public static final MetricDef STAGE_PROCESSING =
      timer(
          "dataflow.stage.processing.duration",
          "Time a stage spends on one message, from receipt until it is handed downstream, added"
              + " to a batch, dead-lettered or nacked (enrich: lookup included)",
          "stage");
  public static final MetricDef DEAD_LETTERS =
      counter(
          "dataflow.dead.letters",
          "Records sent to the dead letter, by stage and reason (reasons beyond the first 32 of a"
              + " stage are counted as reason=other)",
          "stage",
          "reason");
  public static final MetricDef READY =
      gauge(
          "dataflow.ready",
          MetricUnits.NONE,
          "1 while a readiness check of this server is UP, 0 while it is DOWN (same checks as"
              + " /health/ready)",
          "check");

  // Enrichment caches
  public static final MetricDef CACHE_REQUESTS =
      counter(
          "dataflow.cache.requests",
          "Lookups a cache tier served, by result: hit, negative_hit (a cached unknown device),"
              + " miss",
          "tier",
          "result");
  public static final MetricDef CACHE_ERRORS =
      counter("dataflow.cache.errors", "Calls to a cache tier that failed", "tier");
  public static final MetricDef CACHE_SIZE =
      gauge(
          "dataflow.cache.size",
          MetricUnits.NONE,
          "Entries a cache tier holds (-1: unknown)",
          "tier");
  public static final MetricDef CACHE_AVAILABLE =
      gauge(
          "dataflow.cache.available",
          MetricUnits.NONE,
          "1 while a cache tier answers, 0 while it is down",
          "tier");
  public static final MetricDef CACHE_LOOKUP =
      timer(
          "dataflow.cache.lookup.duration",
          "Duration of one call to a cache tier (a batched load below L1; L1 sampled 1 in 64)",
          "tier");
  public static final MetricDef LOOKUP_BATCHES =
      counter("dataflow.enrich.lookup.batches", "Batched L2/L3 loads made for L1 misses");
  public static final MetricDef LOOKUP_BATCHED_KEYS =
      counter(
          "dataflow.enrich.lookup.batched.keys",
          "Keys loaded by those batches (divide by batches for the mean batch size)");

  public static final MetricDef DEVICE_FILE_RELOADS =
      counter(
          "dataflow.enrich.devices.reloads",
          "Reads of a changed device file, by outcome: ok (the registry was replaced), failed"
              + " (the file is invalid or unreadable; the previous registry stays)",
          "outcome");
  public static final MetricDef DEVICE_FILE_VALID =
      gauge(
          "dataflow.enrich.devices.file.valid",
          MetricUnits.NONE,
          "1 while the device file in use is the file on disk, 0 while the file on disk is invalid"
              + " and the previous registry is used");
  public static final MetricDef DEVICES =
      gauge(
          "dataflow.enrich.devices",
          MetricUnits.NONE,
          "Devices in the device-file registry in use");

  // Sinks (sink=bigquery|archive)
  public static final MetricDef SINK_RECORDS =
      counter(
          "dataflow.sink.records",
          "Records a sink has finished, by outcome: written, rejected (refused for good, dead"
              + " lettered), failed (batch write failed, redelivered)",
          "sink",
          "outcome");
  public static final MetricDef SINK_BATCHES =
      counter("dataflow.sink.batches", "Batches a sink has written", "sink");
  public static final MetricDef SINK_BATCH_SIZE =
      histogram("dataflow.sink.batch.size", "Records per written batch", "sink");
  public static final MetricDef SINK_WRITE =
      timer(
          "dataflow.sink.write.duration",
          "Time to write one batch, retries included (archive: the object upload)",
          "sink");
  public static final MetricDef SINK_PENDING_RECORDS =
      gauge(
          "dataflow.sink.pending.records",
          MetricUnits.NONE,
          "Records held by a sink, not yet written",
          "sink");
  public static final MetricDef SINK_PENDING_BYTES =
      gauge(
          "dataflow.sink.pending.bytes",
          MetricUnits.BYTES,
          "Buffered bytes held by a sink",
          "sink");
  public static final MetricDef SINK_OPEN_GROUPS =
      gauge(
          "dataflow.sink.open.groups",
          MetricUnits.NONE,
          "Open batch groups of a sink (archive: one per date and location)",
          "sink");
  public static final MetricDef SINK_OLDEST_PENDING_AGE =
      gauge(
          "dataflow.sink.oldest.pending.age",
          MetricUnits.SECONDS,
          "Age of the oldest record a sink holds and has not written (0: none)",
          "sink");
  public static final MetricDef SINK_MAX_BATCH_AGE =
      gauge(
          "dataflow.sink.max.batch.age",
          MetricUnits.SECONDS,
          "The configured age at which a sink writes a batch (dataflow.bigquery.max-batch-age,"
              + " dataflow.archive.max-batch-age)",
          "sink");
  public static final MetricDef SINK_FAILING =
      gauge(
          "dataflow.sink.failing",
          MetricUnits.SECONDS,
          "How long a sink's writes have been failing without a success (0: healthy)",
          "sink");
  public static final MetricDef SINK_UNHEALTHY_AFTER =
      gauge(
          "dataflow.sink.unhealthy.after",
          MetricUnits.SECONDS,
          "The configured failing time after which the sink's readiness is DOWN"
              + " (dataflow.bigquery.unhealthy-after)",
          "sink");

  // BigQuery Storage Write API writer (tag mode=committed|default)
  private static final String STORAGE_WRITE = "with `dataflow.bigquery.writer=storage-write`";

  public static final MetricDef BIGQUERY_ROWS_APPENDED =
      counter(
              "dataflow.bigquery.rows.appended",
              "Rows the Storage Write API accepted, each once (an append re-sent after a lost"
                  + " answer is not counted twice)",
              "mode")
          .servedWhen(STORAGE_WRITE);
  public static final MetricDef BIGQUERY_ROWS_ALREADY_WRITTEN =
      counter(
              "dataflow.bigquery.rows.already.written",
              "Committed mode: rows of redelivered messages that were not appended again because"
                  + " the append ledger showed them written",
              "mode")
          .servedWhen(STORAGE_WRITE);
  public static final MetricDef BIGQUERY_APPEND =
      timer(
              "dataflow.bigquery.append.duration",
              "Duration of one AppendRows call, from send to answer (or failure)",
              "mode")
          .servedWhen(STORAGE_WRITE);
  public static final MetricDef BIGQUERY_OPEN_STREAMS =
      gauge(
              "dataflow.bigquery.open.streams",
              MetricUnits.NONE,
              "Write streams the writer holds open (committed: one per concurrent write, plus any"
                  + " with an append in doubt; default: the default stream)",
              "mode")
          .servedWhen(STORAGE_WRITE);

  // Archive
  public static final MetricDef ARCHIVE_OBJECTS =
      counter(
          "dataflow.archive.objects",
          "Archive objects stored, by outcome: written, already_stored (a replayed batch)",
          "outcome");
  public static final MetricDef ARCHIVE_WRITTEN_BYTES =
      new MetricDef(
          "dataflow.archive.written",
          MetricDef.Type.COUNTER,
          MetricUnits.BYTES,
          List.of(),
          "Compressed bytes of the archive objects written",
          MetricDef.ALWAYS);
  public static final MetricDef ARCHIVE_UPLOAD =
      timer(
          "dataflow.archive.upload.duration",
          "Duration of one object upload attempt to the archive store, successful or not");
  public static final MetricDef ARCHIVE_UPLOAD_RETRIES =
      counter("dataflow.archive.upload.retries", "Failed upload attempts, each retried");

  // Local bus journal (tag topic, and subscription)
  public static final MetricDef JOURNAL_BYTES =
      gauge(
              "dataflow.bus.journal",
              MetricUnits.BYTES,
              "Bytes of the local bus journal segments of a topic",
              "topic")
          .servedWhen(JOURNAL);
  public static final MetricDef JOURNAL_OLDEST_UNACKED_AGE =
      gauge(
              "dataflow.bus.journal.oldest.unacked.age",
              MetricUnits.SECONDS,
              "Age of the oldest message of a topic that some subscription has not acked",
              "topic")
          .servedWhen(JOURNAL);
  public static final MetricDef JOURNAL_CORRUPT_SKIPPED =
      counter(
              "dataflow.bus.journal.corrupt.skipped",
              "Damaged stretches of a topic's journal passed over when it was read on start-up",
              "topic")
          .servedWhen(JOURNAL);
  public static final MetricDef JOURNAL_CORRUPT_SKIPPED_BYTES =
      new MetricDef(
          "dataflow.bus.journal.corrupt",
          MetricDef.Type.COUNTER,
          MetricUnits.BYTES,
          List.of("topic"),
          "Bytes of the damaged stretches of a topic's journal passed over on start-up",
          JOURNAL);
  public static final MetricDef JOURNAL_BACKLOG =
      gauge(
              "dataflow.bus.journal.subscription.backlog",
              MetricUnits.NONE,
              "Messages of a topic's journal that a subscription has not acked, whether or not a"
                  + " consumer is attached to it",
              "topic",
              "subscription")
          .servedWhen(JOURNAL);
  public static final MetricDef JOURNAL_ATTACHED =
      gauge(
              "dataflow.bus.journal.subscription.attached",
              MetricUnits.NONE,
              "1 while a consumer in this server is attached to a journaled subscription, else 0",
              "topic",
              "subscription")
          .servedWhen(JOURNAL);
  public static final MetricDef JOURNAL_RETENTION_DROPPED =
      counter(
              "dataflow.bus.journal.retention.dropped",
              "Messages of a subscription that journal retention deleted before it acked them",
              "topic",
              "subscription")
          .servedWhen(JOURNAL);

  // Pub/Sub bus (tag channel, direction=incoming|outgoing)
  public static final MetricDef PUBSUB_OUTSTANDING =
      gauge(
              "dataflow.pubsub.outstanding.messages",
              MetricUnits.NONE,
              "Messages received and not settled (incoming) or publishes awaiting Pub/Sub's answer"
                  + " (outgoing)",
              "channel",
              "direction")
          .servedWhen(PUBSUB);
  public static final MetricDef PUBSUB_OUTSTANDING_BYTES =
      gauge(
              "dataflow.pubsub.outstanding",
              MetricUnits.BYTES,
              "Bytes of the outstanding messages",
              "channel",
              "direction")
          .servedWhen(PUBSUB);
  public static final MetricDef PUBSUB_MESSAGES =
      counter(
              "dataflow.pubsub.messages",
              "Pub/Sub messages settled, by outcome: acked, nacked",
              "channel",
              "direction",
              "outcome")
          .servedWhen(PUBSUB);
  public static final MetricDef PUBSUB_PUBLISH =
      timer(
              "dataflow.pubsub.publish.duration",
              "Time from publish to Pub/Sub's answer, batching delay included",
              "channel")
          .servedWhen(PUBSUB);

  // Demo traffic
  public static final MetricDef DEMO_PUBLISHED =
      counter("dataflow.demo.published", "Demo traffic messages acknowledged by the MQTT broker");

  // Admin console
  public static final MetricDef ADMIN_LOGIN_THROTTLED =
      counter(
          "dataflow.admin.login.throttled",
          "Login attempts answered 429 because the user or the client address is locked after too"
              + " many failures, by channel: form or basic",
          "channel");

  /** Every definition, in declaration order. */
  public static List<MetricDef> all() {
    List<MetricDef> all = new ArrayList<>();
    for (Field f : MetricCatalog.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == MetricDef.class) {
        try {
          all.add((MetricDef) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return all;
  }
}
