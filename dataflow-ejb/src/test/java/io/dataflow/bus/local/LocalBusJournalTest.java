package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.PipelineMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBusJournalTest {
  @TempDir Path dir;
  private final List<LocalBus> buses = new ArrayList<>();

  @AfterEach
  void closeBuses() {
    buses.forEach(LocalBus::close);
  }

  private LocalBus open(long segmentBytes) {
    LocalBus bus =
        new LocalBus(
            new JournalOptions(dir, Duration.ofMillis(1), 64, segmentBytes),
            PipelineMetrics.unregistered(),
            Clock.systemUTC());
    buses.add(bus);
    return bus;
  }

  private LocalBus open() {
    return open(64L << 20);
  }

  /** Drops a bus as kill -9 would: nothing forced at the end, nothing acked, files left open. */
  private static void crash(LocalBus bus) {
    bus.abandon();
  }

  private static LocalSubscription subscribe(LocalBus bus, String topic, String name) {
    return bus.subscribe(topic, name, 10_000, 1_000, 3, Duration.ZERO, "dead-letter");
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

  private static void publish(LocalBus bus, String topic, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      bus.topic(topic).publish(envelope(i));
    }
  }

  /** Receives until nothing arrives for a short while, acking the ids in {@code ack}. */
  private static List<String> drain(LocalSubscription s, java.util.function.Predicate<String> ack)
      throws InterruptedException {
    List<String> ids = new ArrayList<>();
    Delivery d;
    while ((d = s.poll(200, TimeUnit.MILLISECONDS)) != null) {
      ids.add(d.envelope.id());
      if (ack.test(d.envelope.id())) {
        s.ack(d);
      }
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

  @Test
  void afterACrashEveryUnackedMessageIsDeliveredAgainAndAckedOnesAreNot() throws Exception {
    LocalBus first = open();
    LocalSubscription s = subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 100);
    assertThat(drain(s, id -> Integer.parseInt(id.substring(1)) < 40)).isEqualTo(ids(0, 100));
    crash(first);

    LocalBus second = open();
    LocalSubscription again = subscribe(second, "raw", "enrich");
    publish(second, "raw", 100, 110);
    assertThat(drain(again, id -> true)).isEqualTo(ids(40, 110));
    second.close();

    LocalBus third = open();
    assertThat(drain(subscribe(third, "raw", "enrich"), id -> true)).isEmpty();
  }

  @Test
  void aKnownSubscriptionKeepsWhatIsPublishedBeforeItsConsumerAttachesAfterARestart()
      throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 5);
    crash(first);

    LocalBus second = open();
    publish(second, "raw", 5, 8);
    assertThat(drain(subscribe(second, "raw", "enrich"), id -> true)).isEqualTo(ids(0, 8));
    assertThat(drain(subscribe(second, "raw", "late"), id -> true)).isEmpty();
  }

  @Test
  void aTopicWithNothingPublishedSurvivesRepeatedRestarts() throws Exception {
    for (int i = 0; i < 3; i++) {
      LocalBus bus = open();
      subscribe(bus, "dead-letter", "recorder");
      crash(bus);
    }
    LocalBus last = open();
    LocalSubscription s = subscribe(last, "dead-letter", "recorder");
    publish(last, "dead-letter", 0, 1);
    assertThat(drain(s, id -> true)).containsExactly("m0");
  }

  @Test
  void aTornTrailingRecordIsIgnored() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 10);
    crash(first);
    Path segment = SegmentLog.list(dir.resolve("raw")).lastEntry().getValue();
    byte[] whole = JournalRecord.publish(11, "{\"torn\":true}".getBytes()).frame().array();
    Files.write(
        segment, java.util.Arrays.copyOf(whole, whole.length - 5), StandardOpenOption.APPEND);

    LocalBus second = open();
    LocalSubscription s = subscribe(second, "raw", "enrich");
    publish(second, "raw", 10, 12);
    assertThat(drain(s, id -> true)).isEqualTo(ids(0, 12));
  }

  @Test
  void aRecordWithAWrongChecksumEndsItsSegment() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 3);
    crash(first);
    Path segment = SegmentLog.list(dir.resolve("raw")).lastEntry().getValue();
    byte[] bad = JournalRecord.publish(4, "{\"id\":\"x\"}".getBytes()).frame().array();
    bad[bad.length - 1] ^= 1;
    Files.write(segment, bad, StandardOpenOption.APPEND);

    LocalBus second = open();
    assertThat(drain(subscribe(second, "raw", "enrich"), id -> true)).isEqualTo(ids(0, 3));
  }

  @Test
  void segmentsAreDeletedOnceEverySubscriptionHasAckedThem() throws Exception {
    LocalBus bus = open(64L << 10);
    LocalSubscription s = subscribe(bus, "raw", "enrich");
    Path topicDir = dir.resolve("raw");
    publish(bus, "raw", 0, 2_000);
    assertThat(SegmentLog.list(topicDir)).hasSizeGreaterThan(3);
    TopicJournal journal = bus.topic("raw").journal().orElseThrow();
    long before = journal.bytes();

    assertThat(drain(s, id -> true)).hasSize(2_000);
    publish(bus, "raw", 2_000, 2_001); // a flush runs the clean-up
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> SegmentLog.list(topicDir).size() == 1);
    assertThat(journal.bytes()).isLessThan(before);
    assertThat(journal.oldestUnackedAgeSeconds()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void segmentsAreKeptWhileOneSubscriptionHasNotAcked() throws Exception {
    LocalBus bus = open(64L << 10);
    LocalSubscription fast = subscribe(bus, "enriched", "bigquery");
    subscribe(bus, "enriched", "archive");
    publish(bus, "enriched", 0, 2_000);
    int segments = SegmentLog.list(dir.resolve("enriched")).size();
    drain(fast, id -> true);
    publish(bus, "enriched", 2_000, 2_001);
    bus.close();
    assertThat(SegmentLog.list(dir.resolve("enriched"))).hasSizeGreaterThanOrEqualTo(segments);
  }

  @Test
  void fanOutSubscriptionsKeepTheirOwnAcksAcrossARestart() throws Exception {
    LocalBus first = open();
    LocalSubscription bigquery = subscribe(first, "enriched", "bigquery");
    LocalSubscription archive = subscribe(first, "enriched", "archive");
    publish(first, "enriched", 0, 20);
    drain(bigquery, id -> Integer.parseInt(id.substring(1)) % 2 == 0);
    drain(archive, id -> Integer.parseInt(id.substring(1)) < 15);
    crash(first);

    LocalBus second = open();
    assertThat(drain(subscribe(second, "enriched", "bigquery"), id -> true))
        .containsExactly("m1", "m3", "m5", "m7", "m9", "m11", "m13", "m15", "m17", "m19");
    assertThat(drain(subscribe(second, "enriched", "archive"), id -> true)).isEqualTo(ids(15, 20));
  }

  @Test
  void concurrentPublishersShareFsyncsAndEveryMessageIsJournaled() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    int threads = 8;
    int each = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * each;
      done.add(
          pool.submit(
              () -> {
                publish(first, "raw", from, from + each);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    crash(first);

    LocalBus second = open();
    List<String> got = drain(subscribe(second, "raw", "enrich"), id -> true);
    assertThat(got).hasSize(threads * each).containsExactlyInAnyOrderElementsOf(ids(0, 2_000));
  }

  @Test
  void publishAsyncCompletesOnceDurable() throws Exception {
    LocalBus bus = open();
    List<CompletableFuture<Void>> stages = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      stages.add(bus.topic("raw").publishAsync(envelope(i)));
    }
    CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(stages).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aDeadLetteredMessageIsJournaledOnTheDeadLetterTopicAndNotReplayed() throws Exception {
    LocalBus first = open();
    subscribe(first, "dead-letter", "recorder");
    LocalSubscription s = first.subscribe("raw", "enrich", 10, 10, 1, Duration.ZERO, "dead-letter");
    publish(first, "raw", 0, 1);
    s.nack(s.poll(1, TimeUnit.SECONDS), new IllegalStateException("boom"));
    crash(first);

    LocalBus second = open();
    assertThat(drain(subscribe(second, "raw", "enrich"), id -> true)).isEmpty();
    List<String> dead = drain(subscribe(second, "dead-letter", "recorder"), id -> true);
    assertThat(dead).hasSize(1);
  }

  @Test
  void anUnusableDirectoryFailsWithAClearMessage() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(
            () ->
                new LocalBus(
                    JournalOptions.defaults(file),
                    PipelineMetrics.unregistered(),
                    Clock.systemUTC()))
        .hasMessageContaining("not a writable directory")
        .hasMessageContaining("dataflow.bus.local.journal");
  }

  @Test
  void badJournalSettingsFailNamingTheKey() {
    org.eclipse.microprofile.config.Config config =
        io.dataflow.testing.MapConfig.of("dataflow.bus.local.journal.segment-bytes", "12");
    assertThatThrownBy(() -> JournalOptions.from(config, dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bus.local.journal.segment-bytes");
  }
}
