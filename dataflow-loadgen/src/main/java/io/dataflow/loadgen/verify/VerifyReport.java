package io.dataflow.loadgen.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The verifier's findings; written as JSON and printed as text. */
public record VerifyReport(
    List<String> runs,
    long expected,
    long unconfirmed,
    DeadLetters deadLetters,
    List<Sink> sinks,
    boolean ok,
    String verdict) {

  /** One sink's accounting. See {@link Ledger} for the definitions. */
  public record Sink(
      String sink,
      boolean present,
      String location,
      long records,
      long unreadable,
      String note,
      long recognized,
      long unexpected,
      long expected,
      long found,
      long missing,
      long duplicated,
      long extraCopies,
      long deadLettered,
      long unconfirmedDelivered,
      Map<String, Long> deadLetteredByReason,
      Map<String, String> missingByDevice,
      Map<String, String> duplicatedByDevice,
      Map<String, String> deadLetteredByDevice,
      Latency.Summary receiptToWrite,
      Latency.Summary publishToReceipt) {}

  /** The dead-letter file. */
  public record DeadLetters(
      boolean present,
      String location,
      long lines,
      long unreadable,
      long messages,
      long foreign,
      Map<String, Long> byReason) {}

  public void write(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  public void print(PrintStream out) {
    out.printf(
        "runs %s: %d expected (broker-acknowledged), %d unconfirmed%n",
        runs, expected, unconfirmed);
    out.printf(
        "dead letters: %d of our messages (%s), %d other, %d unreadable lines [%s]%n",
        deadLetters.messages(),
        deadLetters.byReason(),
        deadLetters.foreign(),
        deadLetters.unreadable(),
        deadLetters.present() ? deadLetters.location() : "absent");
    for (Sink s : sinks) {
      out.printf(
          "%s: found %d, missing %d, duplicated %d (+%d copies), dead-lettered %d %s, unconfirmed"
              + " delivered %d, unexpected %d, unreadable %d [%s]%n",
          s.sink(),
          s.found(),
          s.missing(),
          s.duplicated(),
          s.extraCopies(),
          s.deadLettered(),
          s.deadLetteredByReason(),
          s.unconfirmedDelivered(),
          s.unexpected(),
          s.unreadable(),
          s.present() ? s.location() : "absent: " + s.note());
      latency(out, s.sink(), s.receiptToWrite(), s.note());
      latency(out, s.sink(), s.publishToReceipt(), null);
      s.missingByDevice().forEach((d, r) -> out.printf("  missing %s: %s%n", d, r));
      s.duplicatedByDevice().forEach((d, r) -> out.printf("  duplicated %s: %s%n", d, r));
      s.deadLetteredByDevice().forEach((d, r) -> out.printf("  dead-lettered %s: %s%n", d, r));
    }
    out.println(verdict);
  }

  private static void latency(PrintStream out, String sink, Latency.Summary l, String note) {
    if (l.count() == 0) {
      if (note != null) {
        out.printf("  %s latency (%s): not measured (%s)%n", sink, l.measures(), note);
      }
      return;
    }
    out.printf(
        Locale.ROOT,
        "  %s latency (%s): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d records%n",
        sink,
        l.measures(),
        l.p50Ms(),
        l.p99Ms(),
        l.maxMs(),
        l.count());
  }
}
