package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricDef;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.testing.MapConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal retention: what a subscription without a consumer keeps is bounded by size and age, what
 * it loses is logged and counted, a subscription with a consumer is never cut, and an unattached
 * subscription is reported at start-up.
 */
class LocalBusJournalRetentionTest {
  private static final long SEGMENT = 64L << 10;
  private static final long NO_SIZE_LIMIT = Long.MAX_VALUE;
  private static final Duration NO_AGE_LIMIT = Duration.ofDays(3650);

  @TempDir Path dir;
  private final List<LocalBus> buses = new ArrayList<>();
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final FakeClock clock = new FakeClock(Instant.now());
  // Strong references: java.util.logging holds loggers weakly.
  private final List<Logger> loggers =
      List.of(
          Logger.getLogger(TopicJournal.class.getName()),
          Logger.getLogger(LocalBus.class.getName()));
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureWarnings() {
    loggers.forEach(l -> l.addHandler(capture));
  }

  @AfterEach
  void closeBuses() {
    loggers.forEach(l -> l.removeHandler(capture));
    buses.forEach(LocalBus::close);
  }

  /** A clock the test moves. */
  static final class FakeClock extends Clock {
    private final AtomicLong millis;

    FakeClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Metrics that keep every gauge and counter registered, by name and tags. */
  static final class RecordingMetrics extends PipelineMetrics {
    final Map<String, Supplier<? extends Number>> gauges = new ConcurrentHashMap<>();

    @Override
    public void gauge(MetricDef def, Supplier<? extends Number> value, Tag... tags) {
      gauges.put(key(def.name(), tags), value);
    }

    @Override
    public void bind(Count count, MetricDef def, Tag... tags) {
      gauges.put(key(def.name(), tags), count::get);
    }

    static String key(String name, Tag... tags) {
      return name
          + Arrays.stream(tags)
              .map(t -> t.getTagName() + "=" + t.getTagValue())
              .collect(Collectors.joining(",", "{", "}"));
    }

    long value(String name, String topic, String subscription) {
      Supplier<? extends Number> g =
          gauges.get(key(name, new Tag("topic", topic), new Tag("subscription", subscription)));
      assertThat(g).as("gauge %s of %s/%s", name, topic, subscription).isNotNull();
      return g.get().longValue();
    }
  }

  private LocalBus open(long retentionBytes, Duration retentionAge, PipelineMetrics metrics) {
    return open(SEGMENT, retentionBytes, retentionAge, metrics);
  }

  private LocalBus open(
      long segmentBytes, long retentionBytes, Duration retentionAge, PipelineMetrics metrics) {
    LocalBus bus =
        new LocalBus(
            new JournalOptions(dir, Duration.ofMillis(1), 64, segmentBytes)
                .withRetention(retentionBytes, retentionAge),
            metrics,
            clock);
    buses.add(bus);
    return bus;
  }

  private LocalBus open(long retentionBytes, Duration retentionAge) {
    return open(retentionBytes, retentionAge, PipelineMetrics.unregistered());
  }

  private static LocalSubscription subscribe(LocalBus bus, String topic, String name) {
    return bus.subscribe(topic, name, 100_000, 1_000, 3, Duration.ZERO, "dead-letter");
  }

  private static TopicJournal journal(LocalBus bus, String topic) {
    return bus.topic(topic).journal().orElseThrow();
  }

  private static Envelope envelope(int n) {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    return Envelope.create(
            "d" + n,
            t,
            t,
            new Source("devices/d/telemetry", "telemetry"),
            Payload.json("{\"n\":" + n + "}"))
        .withId("m" + n);
  }

  /** Publishes pipelined (as the channel sink does) and waits until every message is durable. */
  private static void publish(LocalBus bus, String topic, int from, int to) throws Exception {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = from; i < to; i++) {
      pending.add(bus.topic(topic).publishAsync(envelope(i)));
      if (pending.size() == 256 || i == to - 1) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
        pending.clear();
      }
    }
  }

  private static List<String> drain(LocalSubscription s) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    Delivery d;
    while ((d = s.poll(200, TimeUnit.MILLISECONDS)) != null) {
      ids.add(d.envelope.id());
      s.ack(d);
    }
    return ids;
  }

  private static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add("m" + i);
    }
    return ids;
  }

  private static long bytes(TopicJournal j) {
    return j.segments().values().stream()
        .mapToLong(
            p -> {
              try {
                return Files.size(p);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .sum();
  }

  private List<String> warningsContaining(String... parts) {
    return warnings.stream()
        .map(LogRecord::getMessage)
        .filter(m -> Arrays.stream(parts).allMatch(m::contains))
        .toList();
  }

  /** Records subscription {@code name} of {@code topic} in the journal, then stops. */
  private void recordSubscription(String topic, String name) {
    LocalBus first = open(NO_SIZE_LIMIT, NO_AGE_LIMIT);
    subscribe(first, topic, name);
    first.close();
    buses.remove(first);
  }

  @Test
  void aboveRetentionBytesTheOldestSegmentsGoAndAnUnattachedSubscriptionsLossIsCounted()
      throws Exception {
    recordSubscription("raw", "old");
    long limit = 4 * SEGMENT;
    RecordingMetrics metrics = new RecordingMetrics();
    LocalBus bus = open(limit, NO_AGE_LIMIT, metrics);
    LocalSubscription enrich = subscribe(bus, "raw", "enrich");
    bus.startupComplete();
    TopicJournal j = journal(bus, "raw");

    publish(bus, "raw", 0, 3_000);
    assertThat(drain(enrich)).isEqualTo(ids(0, 3_000));
    publish(bus, "raw", 3_000, 3_001); // an ack-only tail would do too; this closes the flush
    j.cleanUp();

    assertThat(bytes(j)).isLessThanOrEqualTo(limit);
    long kept = j.backlog("old");
    long dropped = j.droppedByRetention("old");
    assertThat(kept).isPositive().isLessThan(3_001);
    assertThat(dropped).isEqualTo(3_001 - kept);
    assertThat(j.droppedByRetention("enrich")).isZero();
    assertThat(metrics.value("dataflow.bus.journal.retention.dropped", "raw", "old"))
        .isEqualTo(dropped);
    assertThat(metrics.value("dataflow.bus.journal.subscription.backlog", "raw", "old"))
        .isEqualTo(kept);
    List<String> lost = warningsContaining("raw", "subscription old", "loses", "retention-bytes");
    assertThat(lost).isNotEmpty().allMatch(m -> m.split("retention-bytes=").length == 2);
    long logged =
        lost.stream()
            .mapToLong(m -> Long.parseLong(m.replaceAll(".* loses (\\d+) messages.*", "$1")))
            .sum();
    assertThat(logged).isEqualTo(dropped);
    assertThat(warningsContaining("subscription enrich", "loses")).isEmpty();
    bus.close();

    // What the old subscription still has is the newest messages, in order, and nothing else.
    LocalBus again = open(limit, NO_AGE_LIMIT);
    int from = (int) (3_001 - kept);
    assertThat(drain(subscribe(again, "raw", "old"))).isEqualTo(ids(from, 3_001));
  }

  @Test
  void segmentsClosedLongerAgoThanRetentionAgeGoWithAFakeClock() throws Exception {
    recordSubscription("raw", "old");
    LocalBus bus = open(NO_SIZE_LIMIT, Duration.ofHours(1));
    bus.startupComplete();
    TopicJournal j = journal(bus, "raw");
    publish(bus, "raw", 0, 1_000);
    int segments = j.segments().size();
    assertThat(segments).isGreaterThan(3);

    clock.advance(Duration.ofMinutes(59));
    j.cleanUp();
    assertThat(j.segments()).hasSize(segments);
    assertThat(j.droppedByRetention("old")).isZero();
    assertThat(j.backlog("old")).isEqualTo(1_000);

    clock.advance(Duration.ofMinutes(2));
    j.cleanUp();
    // Every closed segment is older than an hour now; the one being written stays.
    assertThat(j.segments()).hasSize(1);
    long kept = j.backlog("old");
    assertThat(j.droppedByRetention("old")).isEqualTo(1_000 - kept).isPositive();
    assertThat(warningsContaining("raw", "subscription old", "loses", "retention-age")).hasSize(1);
    bus.close();

    LocalBus again = open(NO_SIZE_LIMIT, Duration.ofHours(1));
    assertThat(drain(subscribe(again, "raw", "old"))).isEqualTo(ids((int) (1_000 - kept), 1_000));
  }

  @Test
  void aSubscriptionWithAConsumerIsNeverCutAndHoldsTheSegmentsUntilItAcks() throws Exception {
    recordSubscription("raw", "old");
    LocalBus bus = open(SEGMENT, Duration.ofMinutes(1));
    LocalSubscription slow = subscribe(bus, "raw", "enrich");
    bus.startupComplete();
    TopicJournal j = journal(bus, "raw");
    publish(bus, "raw", 0, 2_000);
    int segments = j.segments().size();
    clock.advance(Duration.ofHours(1));
    j.cleanUp();

    // Above both limits, but the live subscription has acked nothing: nothing goes.
    assertThat(j.segments()).hasSize(segments);
    assertThat(j.droppedByRetention("enrich")).isZero();
    assertThat(j.droppedByRetention("old")).isZero();
    assertThat(warningsContaining("raw", "above its journal retention limit", "enrich")).hasSize(1);
    assertThat(drain(slow)).isEqualTo(ids(0, 2_000));

    // Once it has acked, the unattached one alone holds the segments: now they go.
    j.cleanUp();
    assertThat(j.segments()).hasSize(1);
    assertThat(j.droppedByRetention("old")).isEqualTo(2_000 - j.backlog("old")).isPositive();
    assertThat(j.droppedByRetention("enrich")).isZero();
  }

  @Test
  void withinTheLimitsAnUnattachedSubscriptionKeepsEverything() throws Exception {
    recordSubscription("raw", "old");
    LocalBus bus = open(64L << 20, Duration.ofDays(7));
    bus.startupComplete();
    TopicJournal j = journal(bus, "raw");
    publish(bus, "raw", 0, 2_000);
    clock.advance(Duration.ofDays(6));
    j.cleanUp();
    assertThat(j.droppedByRetention("old")).isZero();
    assertThat(warningsContaining("loses")).isEmpty();
    bus.close();

    LocalBus again = open(64L << 20, Duration.ofDays(7));
    assertThat(drain(subscribe(again, "raw", "old"))).isEqualTo(ids(0, 2_000));
  }

  @Test
  void beforeStartUpEndsRetentionCutsNothing() throws Exception {
    recordSubscription("raw", "old");
    LocalBus bus = open(SEGMENT, Duration.ofMinutes(1));
    TopicJournal j = journal(bus, "raw");
    publish(bus, "raw", 0, 2_000);
    clock.advance(Duration.ofHours(1));
    j.cleanUp();
    assertThat(j.droppedByRetention("old")).isZero();
    assertThat(j.backlog("old")).isEqualTo(2_000);

    bus.startupComplete();
    assertThat(j.droppedByRetention("old")).isPositive();
  }

  @Test
  void anUnattachedSubscriptionIsReportedAtStartUpWithItsBacklogAndItsGauges() throws Exception {
    LocalBus first = open(NO_SIZE_LIMIT, NO_AGE_LIMIT);
    LocalSubscription enrich = subscribe(first, "raw", "enrich");
    subscribe(first, "raw", "old");
    subscribe(first, "enriched", "archive");
    publish(first, "raw", 0, 10);
    publish(first, "enriched", 0, 3);
    drain(enrich);
    first.close();
    buses.remove(first);

    RecordingMetrics metrics = new RecordingMetrics();
    LocalBus bus = open(NO_SIZE_LIMIT, NO_AGE_LIMIT, metrics);
    subscribe(bus, "raw", "enrich");
    assertThat(warnings).isEmpty();
    bus.startupComplete();

    assertThat(warningsContaining("raw", "subscription old", "has no consumer", "10 unacked"))
        .hasSize(1);
    // A topic no channel uses at all is opened at the end of start-up and reported too.
    assertThat(
            warningsContaining("enriched", "subscription archive", "has no consumer", "3 unacked"))
        .hasSize(1);
    assertThat(warningsContaining("subscription enrich")).isEmpty();
    assertThat(metrics.value("dataflow.bus.journal.subscription.backlog", "raw", "old"))
        .isEqualTo(10);
    assertThat(metrics.value("dataflow.bus.journal.subscription.attached", "raw", "old")).isZero();
    assertThat(metrics.value("dataflow.bus.journal.retention.dropped", "raw", "old")).isZero();
    assertThat(metrics.value("dataflow.bus.journal.subscription.backlog", "raw", "enrich"))
        .isZero();
    assertThat(metrics.value("dataflow.bus.journal.subscription.attached", "raw", "enrich"))
        .isEqualTo(1);
    assertThat(metrics.value("dataflow.bus.journal.subscription.backlog", "enriched", "archive"))
        .isEqualTo(3);
  }

  @Test
  void aLargeUnattachedBacklogRecoversAsRangesNotAsMessages() throws Exception {
    int messages = 50_000;
    LocalBus first = open(1L << 20, NO_SIZE_LIMIT, NO_AGE_LIMIT, PipelineMetrics.unregistered());
    LocalSubscription old = subscribe(first, "raw", "old");
    publish(first, "raw", 0, messages);
    // Acks out of order leave gaps: every other one of the first 100 (49 single ones, the tail).
    for (int i = 0; i < 100; i++) {
      Delivery d = old.poll(1, TimeUnit.SECONDS);
      if (i % 2 == 0) {
        old.ack(d);
      }
    }
    first.close();
    buses.remove(first);

    LocalBus bus = open(1L << 20, NO_SIZE_LIMIT, NO_AGE_LIMIT, PipelineMetrics.unregistered());
    TopicJournal j = journal(bus, "raw");
    int segments = j.segments().size();
    assertThat(segments).isGreaterThan(5);
    assertThat(j.backlog("old")).isEqualTo(messages - 50);
    // One range per gap plus the tail, and one time mark per segment: nothing per message.
    assertThat(j.unackedRanges("old")).isEqualTo(50);
    assertThat(j.timeMarkCount()).isLessThanOrEqualTo(segments);

    LocalSubscription again = subscribe(bus, "raw", "old");
    assertThat(again.stats().depth()).isEqualTo(messages - 50);
    Delivery d = again.poll(1, TimeUnit.SECONDS);
    assertThat(d.envelope.id()).isEqualTo("m1");
  }

  @Test
  void aBacklogKeptForALongTimeCostsABoundedNumberOfTimeMarks() throws Exception {
    recordSubscription("raw", "old");
    LocalBus bus = open(64L << 20, NO_SIZE_LIMIT, NO_AGE_LIMIT, PipelineMetrics.unregistered());
    TopicJournal j = journal(bus, "raw");
    Instant start = clock.instant();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = 0; i < 3 * TopicJournal.MAX_TIME_MARKS; i++) {
      clock.advance(Duration.ofMillis(100));
      pending.add(bus.topic("raw").publishAsync(envelope(i)));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(j.timeMarkCount()).isLessThanOrEqualTo(TopicJournal.MAX_TIME_MARKS + 1);
    // The age of the oldest unacked message (published 100 ms after start) is still exact.
    assertThat(j.oldestUnackedAgeSeconds())
        .isEqualTo((Duration.between(start, clock.instant()).toMillis() - 100) / 1000.0);
  }

  @Test
  void retentionSettingsHaveLargeDefaultsAndFailNamingTheKey() {
    JournalOptions defaults = JournalOptions.from(new MapConfig(Map.of()), dir);
    assertThat(defaults.retentionBytes()).isEqualTo(1L << 30);
    assertThat(defaults.retentionAge()).isEqualTo(Duration.ofDays(7));
    JournalOptions set =
        JournalOptions.from(
            new MapConfig(
                Map.of(
                    "dataflow.bus.local.journal.retention-bytes", "1048576",
                    "dataflow.bus.local.journal.retention-age", "2d")),
            dir);
    assertThat(set.retentionBytes()).isEqualTo(1L << 20);
    assertThat(set.retentionAge()).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(
            () ->
                JournalOptions.from(
                    MapConfig.of("dataflow.bus.local.journal.retention-bytes", "12"), dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bus.local.journal.retention-bytes");
    assertThatThrownBy(
            () ->
                JournalOptions.from(
                    MapConfig.of("dataflow.bus.local.journal.retention-age", "10s"), dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bus.local.journal.retention-age");
  }
}
