package io.dataflow.bench;

import io.dataflow.sink.archive.ArchiveRecord;
import io.dataflow.sink.archive.GzipJsonlAccumulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory held by the archive sink per pending record, as a share of the record's raw JSONL bytes
 * (target: at most 0.3x). Not a JMH benchmark: it fills open groups and measures what they retain.
 *
 * <ul>
 *   <li>accounted: {@link GzipJsonlAccumulator#bufferedBytes()}, what the batcher's memory bound
 *       counts;
 *   <li>heap: heap in use after GC with the groups open, minus before, with one reference per
 *       record (the batcher keeps each pending record's message; the envelopes themselves are held
 *       by the bus until the ack, archive or not, so they are outside the figure);
 *   <li>native: growth of the process's resident memory, the heap being pre-touched, so only native
 *       memory (zlib state) moves it.
 * </ul>
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp dataflow-bench/target/benchmarks.jar \
 *     io.dataflow.bench.ArchiveMemoryFootprint
 * </pre>
 */
public final class ArchiveMemoryFootprint {
  private static final int RECORDS = 20_000;

  private ArchiveMemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    List<ArchiveRecord> records =
        ArchiveTelemetry.envelopes(RECORDS, 42).stream().map(ArchiveRecord::of).toList();
    // Seal one batch first: the compressor pool (shared by all groups, at most one compressor per
    // thread compressing at once) is then allocated, and not counted as memory of the groups.
    GzipJsonlAccumulator warm = new GzipJsonlAccumulator();
    records.subList(0, 1_000).forEach(r -> warm.add(r, r.rawBytes()));
    warm.seal();
    for (int perGroup : new int[] {5_000, 2_000, 200}) {
      measure(records, perGroup);
    }
  }

  static void measure(List<ArchiveRecord> records, int perGroup) throws Exception {
    int groups = records.size() / perGroup;
    long raw = records.stream().mapToLong(ArchiveRecord::rawBytes).sum();
    long heapBefore = usedHeapAfterGc();
    long rssBefore = rss();
    List<GzipJsonlAccumulator> open = new ArrayList<>();
    List<Object> refs = new ArrayList<>(records.size());
    long accounted = 0;
    for (int g = 0; g < groups; g++) {
      GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
      for (ArchiveRecord r : records.subList(g * perGroup, (g + 1) * perGroup)) {
        acc.add(r, r.rawBytes());
        refs.add(r);
      }
      accounted += acc.bufferedBytes();
      open.add(acc);
    }
    long heap = usedHeapAfterGc() - heapBefore;
    long rssGrowth = rss() - rssBefore;
    int n = records.size();
    System.out.printf(
        "%d open groups x %d records (%.1f MB raw JSONL, %.0f bytes/record):%n",
        groups, perGroup, raw / 1e6, (double) raw / n);
    System.out.printf(
        "  accounted %.1f bytes/record = %.3fx raw%n",
        (double) accounted / n, (double) accounted / raw);
    System.out.printf(
        "  heap      %.1f bytes/record = %.3fx raw%n", (double) heap / n, (double) heap / raw);
    System.out.printf(
        "  native    %.1f bytes/record = %.3fx raw (%.0f KiB per open group)%n",
        (double) rssGrowth / n, (double) rssGrowth / raw, rssGrowth / 1024.0 / groups);
    open.forEach(GzipJsonlAccumulator::discard);
    if (refs.size() != n) {
      throw new IllegalStateException("references lost");
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return 0;
  }
}
