package io.dataflow.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.loadgen.MessageKey;
import io.dataflow.loadgen.RunSummary;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Synthetic data: every message of a random run lands in the sink 0, 1 or 2 times, and some of
   * those that did not land are dead-lettered (by ingestion, which excuses them for every sink, or
   * by the other sink, which does not). The ledger must find exactly the planted faults.
   */
  @Property(tries = 300)
  void findsExactlyThePlantedMissingDuplicatedAndDeadLetteredMessages(
      @ForAll @IntRange(min = 1, max = 20) int devices,
      @ForAll @IntRange(min = 0, max = 200) int maxSeq,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Long> perDevice = new TreeMap<>();
    for (int d = 0; d < devices; d++) {
      perDevice.put("dev-" + d, (long) random.nextInt(maxSeq + 1));
    }
    Expectation expectation = new Expectation().add(summary("r1", perDevice, Map.of()));
    Ledger ledger = new Ledger(expectation);
    SinkTally tally = new SinkTally(expectation);
    Set<MessageKey> missing = new HashSet<>();
    Set<MessageKey> duplicated = new HashSet<>();
    Set<MessageKey> excused = new HashSet<>();
    perDevice.forEach(
        (device, sent) -> {
          for (long seq = 1; seq <= sent; seq++) {
            MessageKey key = new MessageKey("r1", device, seq);
            int copies = random.nextInt(10) < 8 ? 1 : random.nextInt(2) * 2;
            for (int c = 0; c < copies; c++) {
              tally.record(new Observation(key, "id-" + seq + "-" + c, T0, T0.plusMillis(5), -1));
            }
            if (copies == 2) {
              duplicated.add(key);
            } else if (copies == 0) {
              int fate = random.nextInt(3);
              if (fate == 0) {
                ledger
                    .deadLetterListener()
                    .entry(new DeadLetterReader.Entry(key, "ingestion", "oversize", "too big"));
                excused.add(key);
              } else if (fate == 1) {
                ledger
                    .deadLetterListener()
                    .entry(new DeadLetterReader.Entry(key, "archive", "write", "disk"));
                missing.add(key);
              } else {
                missing.add(key);
              }
            }
          }
        });

    VerifyReport.Sink report = ledger.account("warehouse", "bigquery", present(), tally);

    long sent = perDevice.values().stream().mapToLong(Long::longValue).sum();
    assertThat(report.expected()).isEqualTo(sent);
    assertThat(report.missing()).isEqualTo(missing.size());
    assertThat(report.duplicated()).isEqualTo(duplicated.size());
    assertThat(report.extraCopies()).isEqualTo(duplicated.size());
    assertThat(report.deadLettered()).isEqualTo(excused.size());
    assertThat(report.found()).isEqualTo(sent - missing.size() - excused.size());
    assertThat(parse(report.missingByDevice())).isEqualTo(missing);
    assertThat(parse(report.duplicatedByDevice())).isEqualTo(duplicated);
    Map<String, String> letteredRanges = new TreeMap<>();
    report
        .deadLetteredByDevice()
        .forEach((d, text) -> letteredRanges.put(d, text.replace(" (ingestion/oversize)", "")));
    assertThat(parse(letteredRanges)).isEqualTo(excused);
  }

  @Test
  void aDeadLetterFromTheSinksOwnStageExcusesOnlyThatSink() {
    Expectation expectation = new Expectation().add(summary("r1", Map.of("d", 1L), Map.of()));
    Ledger ledger = new Ledger(expectation);
    ledger
        .deadLetterListener()
        .entry(
            new DeadLetterReader.Entry(
                new MessageKey("r1", "d", 1), "bigquery", "invalid", "row error"));

    VerifyReport.Sink warehouse =
        ledger.account("warehouse", "bigquery", present(), new SinkTally(expectation));
    VerifyReport.Sink archive =
        ledger.account("archive", "archive", present(), new SinkTally(expectation));

    assertThat(warehouse.missing()).isZero();
    assertThat(warehouse.deadLetteredByReason()).containsEntry("bigquery/invalid", 1L);
    assertThat(warehouse.deadLetteredByDevice()).containsEntry("r1/d", "1 (bigquery/invalid)");
    assertThat(archive.missing()).isEqualTo(1);
  }

  @Test
  void unacknowledgedMessagesAreNotExpectedButCountedWhenDelivered() {
    Expectation expectation =
        new Expectation().add(summary("r1", Map.of("d", 3L), Map.of("d", List.of(2L, 3L))));
    SinkTally tally = new SinkTally(expectation);
    tally.record(new Observation(new MessageKey("r1", "d", 1), "a", T0, null, -1));
    tally.record(new Observation(new MessageKey("r1", "d", 3), "c", T0, null, -1));

    VerifyReport.Sink report =
        new Ledger(expectation).account("archive", "archive", present(), tally);

    assertThat(expectation.expectedCount()).isEqualTo(1);
    assertThat(expectation.unconfirmedCount()).isEqualTo(2);
    assertThat(report.missing()).isZero();
    assertThat(report.unconfirmedDelivered()).isEqualTo(1);
  }

  @Test
  void messagesOfOtherRunsOrBeyondWhatWasSentAreUnexpected() {
    Expectation expectation = new Expectation().add(summary("r1", Map.of("d", 2L), Map.of()));
    SinkTally tally = new SinkTally(expectation);
    tally.record(new Observation(new MessageKey("r2", "d", 1), "a", T0, null, -1));
    tally.record(new Observation(new MessageKey("r1", "d", 3), "b", T0, null, -1));
    tally.record(new Observation(new MessageKey("r1", "e", 1), "c", T0, null, -1));

    assertThat(tally.unexpected()).isEqualTo(3);
    assertThat(tally.recognized()).isEqualTo(3);
  }

  @Test
  void latenciesAreMeasuredFromReceiptToWriteAndFromPublishToReceipt() {
    Expectation expectation = new Expectation().add(summary("r1", Map.of("d", 2L), Map.of()));
    SinkTally tally = new SinkTally(expectation);
    tally.record(
        new Observation(
            new MessageKey("r1", "d", 1), "a", T0, T0.plusMillis(200), T0.toEpochMilli() - 3));
    tally.record(
        new Observation(
            new MessageKey("r1", "d", 2), "b", T0, T0.plusMillis(400), T0.toEpochMilli() - 7));

    assertThat(tally.receiptToWrite().percentile(50)).isEqualTo(200_000);
    assertThat(tally.receiptToWrite().max()).isEqualTo(400_000);
    assertThat(tally.publishToReceipt().max()).isEqualTo(7_000);
  }

  static RunSummary summary(
      String run, Map<String, Long> perDevice, Map<String, List<Long>> unacked) {
    long sent = perDevice.values().stream().mapToLong(Long::longValue).sum();
    return new RunSummary(
        "telemetry",
        run,
        "tcp://x",
        "devices/{deviceId}/telemetry",
        1,
        perDevice.size(),
        1,
        1.0,
        100,
        0,
        "",
        "",
        0,
        1,
        sent,
        sent,
        0,
        0,
        0,
        0,
        perDevice,
        unacked);
  }

  private static SinkReader.Scan present() {
    return new SinkReader.Scan(true, "test", 0, 0, "");
  }

  /** Reads "r1/dev-3" -> "1-3,7" back into keys. */
  private static Set<MessageKey> parse(Map<String, String> byDevice) {
    Set<MessageKey> keys = new HashSet<>();
    byDevice.forEach(
        (stream, ranges) -> {
          String[] rd = stream.split("/", 2);
          for (String part : ranges.split(",")) {
            String[] ab = part.split("-");
            long a = Long.parseLong(ab[0]);
            long b = ab.length > 1 ? Long.parseLong(ab[1]) : a;
            for (long s = a; s <= b; s++) {
              keys.add(new MessageKey(rd[0], rd[1], s));
            }
          }
        });
    return keys;
  }
}
