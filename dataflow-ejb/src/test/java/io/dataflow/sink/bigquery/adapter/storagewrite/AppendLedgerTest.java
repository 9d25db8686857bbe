package io.dataflow.sink.bigquery.adapter.storagewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendLedgerTest {
  private static final Duration RETENTION = Duration.ofMinutes(15);
  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  @Test
  void aFinalizedRowCountMarksTheAppendsBelowItWrittenAndNoneAbove() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a", "b"));
    log.beforeAppend(2, List.of("c"));

    AppendLedger reopened = new AppendLedger(dir, clock, RETENTION);
    assertThat(reopened.unfinished()).hasSize(1);
    reopened.unfinished().get(0).finalized(2);

    assertThat(reopened.written("a")).isTrue();
    assertThat(reopened.written("b")).isTrue();
    assertThat(reopened.written("c")).isFalse();
    assertThat(new AppendLedger(dir, clock, RETENTION).written("a")).isTrue();
  }

  @Test
  void aLaterLineForTheSameOffsetReplacesTheEarlierOne() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a", "bad", "b"));
    log.beforeAppend(0, List.of("a", "b")); // the row error left these two
    log.finalized(2);

    AppendLedger reopened = new AppendLedger(dir, clock, RETENTION);
    assertThat(reopened.written("a")).isTrue();
    assertThat(reopened.written("bad")).isFalse();
  }

  @Test
  void aTornLastLineIsAnAppendThatNeverWentOut() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a"));
    log.close();
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    Files.writeString(
        file, "{\"append\":1,\"ids\":[\"b", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    AppendLedger reopened = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog recovered = reopened.unfinished().get(0);
    assertThat(recovered.lastOffset()).isZero();
    recovered.finalized(1);
    assertThat(reopened.written("a")).isTrue();
    assertThat(reopened.written("b")).isFalse();
  }

  @Test
  void aLostStreamCountsEveryAppendButTheLastAsWritten() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a", "b"));
    log.beforeAppend(2, List.of("c"));

    log.lost();

    assertThat(ledger.written("a")).isTrue();
    assertThat(ledger.written("c")).isFalse();
  }

  @Test
  void finalizedStreamsAreForgottenAfterTheRetentionOnceTheServerHasRunThatLong() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a"));
    log.finalized(1);

    clock.advance(RETENTION.minusSeconds(1));
    ledger.prune();
    assertThat(ledger.written("a")).isTrue();

    clock.advance(Duration.ofSeconds(2));
    ledger.prune();
    assertThat(ledger.written("a")).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aRestartKeepsOldFilesUntilTheNewRunHasLastedTheRetention() throws Exception {
    AppendLedger ledger = new AppendLedger(dir, clock, RETENTION);
    AppendLedger.StreamLog log = ledger.create("s1");
    log.beforeAppend(0, List.of("a"));
    log.finalized(1);
    clock.advance(Duration.ofHours(3)); // the server was down for three hours

    AppendLedger restarted = new AppendLedger(dir, clock, RETENTION);
    restarted.prune();

    assertThat(restarted.written("a")).isTrue();
  }
}
