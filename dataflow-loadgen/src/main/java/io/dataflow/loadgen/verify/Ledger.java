package io.dataflow.loadgen.verify;

import io.dataflow.loadgen.MessageKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accounts for every expected message in one sink. A message is <em>missing</em> from a sink when
 * no copy is there and no dead letter excuses it: a dead letter from the sink's own stage excuses
 * it for that sink only, one from any other stage (ingestion, enrich) for every sink, since the
 * message never reached them. More than one copy is a <em>duplicate</em>.
 */
public final class Ledger {
  /** Devices listed in detail per sink; the counts always cover all. */
  static final int MAX_DEVICES_LISTED = 50;

  private final Expectation expectation;
  private final Map<MessageKey, List<DeadLetterReader.Entry>> deadLetters = new HashMap<>();
  private final Map<String, Long> deadLetterReasons = new TreeMap<>();
  private long foreignDeadLetters;

  public Ledger(Expectation expectation) {
    this.expectation = expectation;
  }

  public Expectation expectation() {
    return expectation;
  }

  /** A listener recording dead letters into this ledger. */
  public DeadLetterReader.Listener deadLetterListener() {
    return new DeadLetterReader.Listener() {
      @Override
      public void entry(DeadLetterReader.Entry entry) {
        if (expectation.stream(entry.key()) == null) {
          foreignDeadLetters++;
          return;
        }
        deadLetters.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(entry);
        deadLetterReasons.merge(entry.stage() + "/" + entry.reason(), 1L, Long::sum);
      }

      @Override
      public void foreign(String stage, String reason) {
        foreignDeadLetters++;
      }
    };
  }

  /** Dead letters of our runs' messages, by {@code stage/reason}. */
  public Map<String, Long> deadLetterReasons() {
    return deadLetterReasons;
  }

  /** Our messages with at least one dead letter. */
  public long deadLetteredMessages() {
    return deadLetters.size();
  }

  /** Dead letters of other runs or of other traffic. */
  public long foreignDeadLetters() {
    return foreignDeadLetters;
  }

  /** Accounts one sink. */
  public VerifyReport.Sink account(
      String sink, String stage, SinkReader.Scan scan, SinkTally tally) {
    long found = 0;
    long missing = 0;
    long duplicated = 0;
    long extraCopies = 0;
    long excused = 0;
    long unconfirmedDelivered = 0;
    Map<String, Long> excusedReasons = new TreeMap<>();
    Map<String, String> missingByDevice = new TreeMap<>();
    Map<String, String> duplicatedByDevice = new TreeMap<>();
    Map<String, String> deadLetteredByDevice = new TreeMap<>();
    for (Expectation.Stream s : expectation.streams()) {
      List<Long> gone = new ArrayList<>();
      List<Long> twice = new ArrayList<>();
      Map<String, List<Long>> lettered = new TreeMap<>();
      for (long seq = 1; seq <= s.sent(); seq++) {
        int copies = tally.count(s, seq);
        if (!s.expected(seq)) {
          unconfirmedDelivered += copies > 0 ? 1 : 0;
          continue;
        }
        if (copies > 1) {
          duplicated++;
          extraCopies += copies - 1;
          twice.add(seq);
        }
        if (copies > 0) {
          found++;
          continue;
        }
        DeadLetterReader.Entry excuse = excuse(new MessageKey(s.run(), s.device(), seq), stage);
        if (excuse != null) {
          excused++;
          String reason = excuse.stage() + "/" + excuse.reason();
          excusedReasons.merge(reason, 1L, Long::sum);
          lettered.computeIfAbsent(reason, r -> new ArrayList<>()).add(seq);
        } else {
          missing++;
          gone.add(seq);
        }
      }
      list(missingByDevice, s, gone);
      list(duplicatedByDevice, s, twice);
      if (!lettered.isEmpty() && deadLetteredByDevice.size() < MAX_DEVICES_LISTED) {
        StringBuilder text = new StringBuilder();
        lettered.forEach(
            (reason, seqs) ->
                text.append(text.length() > 0 ? "; " : "")
                    .append(Ranges.of(seqs))
                    .append(" (")
                    .append(reason)
                    .append(')'));
        deadLetteredByDevice.put(s.run() + "/" + s.device(), text.toString());
      }
    }
    return new VerifyReport.Sink(
        sink,
        scan.present(),
        scan.location(),
        scan.records(),
        scan.unreadable(),
        scan.note(),
        tally.recognized(),
        tally.unexpected(),
        expectation.expectedCount(),
        found,
        missing,
        duplicated,
        extraCopies,
        excused,
        unconfirmedDelivered,
        excusedReasons,
        missingByDevice,
        duplicatedByDevice,
        deadLetteredByDevice,
        tally.receiptToWrite().summary("ingestion receivedAt -> time the sink wrote the record"),
        tally
            .publishToReceipt()
            .summary("payload ts (generator publish time) -> ingestion receivedAt"));
  }

  private DeadLetterReader.Entry excuse(MessageKey key, String sinkStage) {
    List<DeadLetterReader.Entry> entries = deadLetters.get(key);
    if (entries == null) {
      return null;
    }
    for (DeadLetterReader.Entry e : entries) {
      if (e.stage().equals(sinkStage) || !isSinkStage(e.stage())) {
        return e;
      }
    }
    return null;
  }

  private static boolean isSinkStage(String stage) {
    return stage.equals("bigquery") || stage.equals("archive");
  }

  private static void list(Map<String, String> into, Expectation.Stream s, List<Long> seqs) {
    if (!seqs.isEmpty() && into.size() < MAX_DEVICES_LISTED) {
      into.put(s.run() + "/" + s.device(), Ranges.of(seqs));
    }
  }
}
