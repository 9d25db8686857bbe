package io.dataflow.loadgen.verify;

import io.dataflow.loadgen.Options;
import io.dataflow.loadgen.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code verify}: reads the stores under a data directory and accounts for every message of the
 * given runs. Exit code 1 if anything is missing (or, when asked, duplicated or dead-lettered).
 */
public final class VerifyCommand {
  public static final String USAGE =
      """
      verify --expect=SUMMARY.json[,SUMMARY2.json...] [--data-dir=data]
             [--sinks=warehouse,archive | none] [--report=verify-report.json]
             [--wait=0s] [--fail-on-duplicates] [--fail-on-dead-letters]
        Reads <data-dir>/warehouse (H2 table TELEMETRY), <data-dir>/archive/**.jsonl.gz and
        <data-dir>/dead-letters/dead-letters.jsonl, and reports per sink and device sequence
        what is missing, duplicated and dead-lettered (with stage/reason). --wait re-reads
        until nothing is missing or the time is up (sinks flush by age). Exit code 1 if
        anything is missing from a checked sink.""";

  private final Path dataDir;
  private final List<Path> summaries;
  private final List<String> sinks;
  private final Path reportFile;
  private final Duration wait;
  private final boolean failOnDuplicates;
  private final boolean failOnDeadLetters;

  public VerifyCommand(Options o) {
    dataDir = Path.of(o.string("data-dir", "data"));
    String expect = o.string("expect", null);
    if (expect == null || expect.isBlank()) {
      throw new Options.UsageException("--expect=SUMMARY.json is required");
    }
    summaries = Arrays.stream(expect.split(",")).map(String::trim).map(Path::of).toList();
    String s = o.string("sinks", "warehouse,archive");
    sinks = s.equals("none") || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    for (String sink : sinks) {
      if (!sink.equals("warehouse") && !sink.equals("archive")) {
        throw new Options.UsageException("--sinks takes warehouse, archive or none, got " + sink);
      }
    }
    String report = o.string("report", null);
    reportFile = report == null ? null : Path.of(report);
    wait = o.duration("wait", Duration.ZERO);
    failOnDuplicates = o.flag("fail-on-duplicates");
    failOnDeadLetters = o.flag("fail-on-dead-letters");
  }

  public int execute(PrintStream out, PrintStream err) throws IOException, InterruptedException {
    Expectation expectation = new Expectation();
    for (Path p : summaries) {
      expectation.add(RunSummary.read(p));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    VerifyReport report = verify(expectation);
    while (!report.ok() && System.nanoTime() < deadline) {
      err.println("[verify] " + report.verdict() + "; reading again");
      Thread.sleep(2000);
      report = verify(expectation);
    }
    report.print(out);
    if (reportFile != null) {
      report.write(reportFile);
    }
    return report.ok() ? 0 : 1;
  }

  /** One full read of every store. */
  VerifyReport verify(Expectation expectation) throws IOException {
    Ledger ledger = new Ledger(expectation);
    DeadLetterReader.Scan dl = new DeadLetterReader(dataDir).read(ledger.deadLetterListener());
    List<VerifyReport.Sink> results = new ArrayList<>();
    for (SinkReader reader : readers()) {
      SinkTally tally = new SinkTally(expectation);
      SinkReader.Scan scan = reader.read(tally::record);
      results.add(ledger.account(reader.name(), reader.stage(), scan, tally));
    }
    return report(expectation, ledger, dl, results);
  }

  private List<SinkReader> readers() {
    List<SinkReader> readers = new ArrayList<>();
    if (sinks.contains("warehouse")) {
      readers.add(new WarehouseReader(dataDir));
    }
    if (sinks.contains("archive")) {
      readers.add(new ArchiveReader(dataDir));
    }
    return readers;
  }

  VerifyReport report(
      Expectation expectation,
      Ledger ledger,
      DeadLetterReader.Scan dl,
      List<VerifyReport.Sink> results) {
    List<String> problems = new ArrayList<>();
    for (VerifyReport.Sink s : results) {
      if (s.missing() > 0) {
        problems.add(s.missing() + " missing in " + s.sink());
      }
      if (failOnDuplicates && s.duplicated() > 0) {
        problems.add(s.duplicated() + " duplicated in " + s.sink());
      }
    }
    if (failOnDeadLetters && ledger.deadLetteredMessages() > 0) {
      problems.add(ledger.deadLetteredMessages() + " dead-lettered " + ledger.deadLetterReasons());
    }
    String verdict =
        problems.isEmpty()
            ? "OK: " + (results.isEmpty() ? "no sink checked" : "nothing missing")
            : "FAIL: " + String.join(", ", problems);
    return new VerifyReport(
        List.copyOf(expectation.runs()),
        expectation.expectedCount(),
        expectation.unconfirmedCount(),
        new VerifyReport.DeadLetters(
            dl.present(),
            dl.location(),
            dl.lines(),
            dl.unreadable(),
            ledger.deadLetteredMessages(),
            ledger.foreignDeadLetters(),
            ledger.deadLetterReasons()),
        results,
        problems.isEmpty(),
        verdict);
  }
}
