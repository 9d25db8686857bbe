package io.dataflow.bus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.PipelineMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;

/** The journal under storage faults: a full disk, a failed fsync, damaged segment files. */
class LocalBusJournalFaultTest {
  @TempDir Path dir;
  private final FaultyDisk disk = new FaultyDisk();
  private final List<LocalBus> buses = new ArrayList<>();

  @AfterEach
  void closeBuses() {
    disk.free();
    disk.failForce(false);
    buses.forEach(LocalBus::close);
  }

  private LocalBus open() {
    LocalBus bus =
        new LocalBus(
            new JournalOptions(dir, Duration.ofMillis(1), 64, 64L << 20),
            PipelineMetrics.unregistered(),
            Clock.systemUTC(),
            disk);
    buses.add(bus);
    return bus;
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

  private Path lastSegment(String topic) throws IOException {
    return SegmentLog.list(dir.resolve(topic)).lastEntry().getValue();
  }

  /** The frames of a segment; fails if any of them was reached by skipping damaged bytes. */
  private static List<SegmentReader.Frame> intactFrames(Path segment) throws IOException {
    List<SegmentReader.Frame> frames = new ArrayList<>();
    try (SegmentReader in = new SegmentReader(segment)) {
      SegmentReader.Frame f;
      while ((f = in.next()) != null) {
        assertThat(f.skipped()).as("bytes skipped before offset %d", f.offset()).isZero();
        frames.add(f);
      }
      assertThat(in.end()).as("end of the last whole frame").isEqualTo(Files.size(segment));
    }
    return frames;
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void aFullDiskInTheMiddleOfAFrameFailsThePublishCutsTheTornFrameOffAndIntakeResumes()
      throws Exception {
    LocalBus first = open();
    LocalSubscription live = subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 5);
    Path segment = lastSegment("raw");
    long good = Files.size(segment);

    disk.fill(20); // less than one frame: the next one is written in part, then the disk is full
    assertThatThrownBy(() -> first.topic("raw").publish(envelope(5)))
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(rootCause(e)).hasMessage(FaultyDisk.NO_SPACE));
    assertThat(disk.partialWrites).hasValue(1);
    assertThat(Files.size(segment)).isEqualTo(good);
    CompletableFuture<Void> stillFull = first.topic("raw").publishAsync(envelope(6));
    assertThat(stillFull).isCompletedExceptionally();
    assertThat(Files.size(segment)).isEqualTo(good);

    disk.free();
    publish(first, "raw", 7, 10);
    assertThat(drain(live)).containsExactly("m0", "m1", "m2", "m3", "m4", "m7", "m8", "m9");
    first.abandon();

    assertThat(intactFrames(segment))
        .filteredOn(f -> f.record().type() == JournalRecord.PUBLISH)
        .extracting(f -> f.record().seq())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    LocalBus second = open();
    LocalSubscription again = subscribe(second, "raw", "other-than-before");
    assertThat(drain(again)).isEmpty();
    TopicJournal journal = second.topic("raw").journal().orElseThrow();
    assertThat(journal.corruptFramesSkipped()).isZero();
    assertThat(journal.skippedBytes()).isZero();
  }

  @Test
  void recoveryAfterAFullDiskReadsExactlyTheGoodRecords() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 3);
    disk.fill(30);
    for (int i = 3; i < 6; i++) {
      int n = i;
      assertThatThrownBy(() -> first.topic("raw").publish(envelope(n)))
          .isInstanceOf(IllegalStateException.class);
    }
    disk.free();
    publish(first, "raw", 6, 9);
    first.abandon();

    LocalBus second = open();
    assertThat(drain(subscribe(second, "raw", "enrich")))
        .containsExactly("m0", "m1", "m2", "m6", "m7", "m8");
    assertThat(second.topic("raw").journal().orElseThrow().corruptFramesSkipped()).isZero();
  }

  @Test
  void theStorageProblemNamesTheDirectoryWhileTheDiskIsFullAndClearsAfterAGoodWrite()
      throws Exception {
    LocalBus bus = open();
    LocalBusReadinessCheck check = new LocalBusReadinessCheck();
    check.bus = bus;
    subscribe(bus, "raw", "enrich");
    publish(bus, "raw", 0, 1);
    assertThat(bus.storageProblem()).isEmpty();
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

    disk.fill(0);
    assertThatThrownBy(() -> publish(bus, "raw", 1, 2)).isInstanceOf(IllegalStateException.class);
    String expected = "journal " + dir.resolve("raw") + ": " + FaultyDisk.NO_SPACE;
    assertThat(bus.storageProblem()).contains(expected);
    HealthCheckResponse down = check.call();
    assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(down.getData().orElseThrow())
        .containsEntry(
            "reason",
            "journal storage failing in <data-dir>/bus/raw: intake paused until writes succeed"
                + " again");
    assertThat(check.report().details()).containsEntry("storage", expected);
    assertThat(bus.storageProblem()).as("still full, still reported").contains(expected);

    disk.free();
    publish(bus, "raw", 2, 3);
    assertThat(bus.storageProblem()).isEmpty();
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void theChannelSinkNacksWhatCannotBeJournaledAndNeverAcksIt() throws Exception {
    LocalBus bus = open();
    subscribe(bus, "raw", "enrich");
    LocalSink sink = new LocalSink("raw", bus.topic("raw"));
    sink.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    AtomicInteger acks = new AtomicInteger();
    AtomicReference<Throwable> nack = new AtomicReference<>();
    Message<Envelope> message =
        Message.of(
            envelope(0),
            () -> {
              acks.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            },
            t -> {
              nack.set(t);
              return CompletableFuture.completedFuture(null);
            });

    disk.fill(0);
    sink.onNext(message);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> nack.get() != null);
    assertThat(rootCause(nack.get())).hasMessage(FaultyDisk.NO_SPACE);
    assertThat(acks).hasValue(0);

    disk.free();
    nack.set(null);
    sink.onNext(message);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> acks.get() == 1);
    assertThat(nack.get()).isNull();
  }

  @Test
  void aFailedFsyncFailsThePublishesWaitingForItAndTheNextPublishStartsANewSegment()
      throws Exception {
    LocalBus first = open();
    LocalSubscription live = subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 3);
    Path before = lastSegment("raw");

    disk.failForce(true);
    CompletableFuture<Void> unforced = first.topic("raw").publishAsync(envelope(3));
    assertThatThrownBy(() -> unforced.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("cannot force to disk");
    assertThat(disk.failedForces.get()).isPositive();
    assertThat(first.storageProblem()).get().asString().contains("cannot force to disk");

    disk.failForce(false);
    publish(first, "raw", 4, 6);
    assertThat(lastSegment("raw")).isNotEqualTo(before);
    assertThat(first.storageProblem()).isEmpty();
    // Delivered already (at-least-once): the failed publish is retried by its producer.
    assertThat(drain(live)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    first.close();

    LocalBus second = open();
    publish(second, "raw", 6, 7);
    assertThat(drain(subscribe(second, "raw", "enrich"))).containsExactly("m6");
  }

  @Test
  void recoveryPassesOverDamagedFramesInTheMiddleOfASegmentAndCountsThem() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 10);
    first.abandon();
    Path segment = lastSegment("raw");
    Map<Long, SegmentReader.Frame> bySeq = new java.util.HashMap<>();
    for (SegmentReader.Frame f : intactFrames(segment)) {
      if (f.record().type() == JournalRecord.PUBLISH) {
        bySeq.put(f.record().seq(), f);
      }
    }
    SegmentReader.Frame badBody = bySeq.get(4L); // m3
    SegmentReader.Frame badLength = bySeq.get(8L); // m7
    try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      long at = badBody.offset() + badBody.record().frameLength() - 3;
      c.write(ByteBuffer.wrap(new byte[] {'X', 'Y', 'Z'}), at);
      c.write(ByteBuffer.allocate(4).putInt(0, 1 << 20), badLength.offset());
    }

    LocalBus second = open();
    List<String> expected = ids(0, 10);
    expected.removeAll(List.of("m3", "m7"));
    assertThat(drain(subscribe(second, "raw", "enrich"))).isEqualTo(expected);
    TopicJournal journal = second.topic("raw").journal().orElseThrow();
    assertThat(journal.corruptFramesSkipped()).isEqualTo(2);
    assertThat(journal.skippedBytes())
        .isEqualTo(badBody.record().frameLength() + badLength.record().frameLength());
  }

  @Test
  void recoveryCutsATornFrameAtTheEndOffAndKeepsEverythingBefore() throws Exception {
    LocalBus first = open();
    subscribe(first, "raw", "enrich");
    publish(first, "raw", 0, 10);
    first.abandon();
    Path segment = lastSegment("raw");
    long good = Files.size(segment);
    byte[] whole = JournalRecord.publish(11, "{\"torn\":true}".getBytes()).frame().array();
    Files.write(
        segment, java.util.Arrays.copyOf(whole, whole.length - 5), StandardOpenOption.APPEND);

    LocalBus second = open();
    TopicJournal journal = second.topic("raw").journal().orElseThrow(); // read on first use
    assertThat(Files.size(segment)).isEqualTo(good);
    assertThat(journal.corruptFramesSkipped()).isZero();
    LocalSubscription s = subscribe(second, "raw", "enrich");
    publish(second, "raw", 10, 12);
    assertThat(drain(s)).isEqualTo(ids(0, 12));
  }
}
