package io.dataflow.sink.archive.bench;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.sink.archive.ArchiveGroupKey;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.ArchiveRecord;
import io.dataflow.sink.archive.GzipJsonlAccumulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Benchmarks of the archive sink's encoding, run by hand (they report, they do not assert):
 *
 * <pre>
 * mvn -B -q -o -pl dataflow-ejb test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp dataflow-ejb/target/test-classes:dataflow-ejb/target/classes:$(cat dataflow-ejb/target/cp.txt) \
 *     io.dataflow.sink.archive.bench.ArchiveEncodingBench
 * </pre>
 *
 * <ol>
 *   <li>Encode speed: a batch through {@link GzipJsonlAccumulator} (codec line per envelope, gzip
 *       as it arrives, seal, object with sha256) against a bare {@link GZIPOutputStream} over a
 *       {@link ByteArrayOutputStream} writing the same bytes: (a) the same lines already encoded,
 *       (b) the codec writing into the bare stream.
 *   <li>Memory: heap held per pending record as a share of its raw JSONL bytes, measured as the
 *       heap in use after GC with many groups open (the envelopes themselves are held by the bus,
 *       not the sink), plus the compressor's native memory per open group (process RSS growth, with
 *       the heap pre-touched so RSS moves only for native memory).
 * </ol>
 */
public final class ArchiveEncodingBench {
  private static final int RECORDS = 20_000;
  private static final int ROUNDS = 25;
  private static final ArchiveGroupKey KEY = new ArchiveGroupKey("2026/11/25/berlin");

  private ArchiveEncodingBench() {}

  public static void main(String[] args) throws Exception {
    List<Envelope> envelopes = telemetry(RECORDS, new Random(42));
    List<byte[]> lines = envelopes.stream().map(EnvelopeCodec::encode).toList();
    List<ArchiveRecord> encoded = envelopes.stream().map(ArchiveRecord::of).toList();
    long rawBytes = lines.stream().mapToLong(l -> l.length + 1L).sum();
    System.out.printf(
        "dataset: %d envelopes, %.1f MB raw JSONL, %.0f bytes/record%n",
        RECORDS, rawBytes / 1e6, (double) rawBytes / RECORDS);

    long[] sink = new long[ROUNDS];
    long[] bareLines = new long[ROUNDS];
    long[] bareCodec = new long[ROUNDS];
    long[] bareBig = new long[ROUNDS];
    long[] sinkEncoded = new long[ROUNDS];
    long sinkSize = 0;
    long bareSize = 0;
    for (int r = 0; r < ROUNDS; r++) { // interleaved, so drift hits all three alike
      long t0 = System.nanoTime();
      sinkSize = throughSink(envelopes).content().length;
      long t1 = System.nanoTime();
      bareSize = bareGzip(lines);
      long t2 = System.nanoTime();
      bareGzipWithCodec(envelopes);
      long t3 = System.nanoTime();
      bareGzip(lines, 64 * 1024);
      long t4 = System.nanoTime();
      bareBig[r] = t4 - t3;
      accumulate(encoded);
      sinkEncoded[r] = System.nanoTime() - t4;
      sink[r] = t1 - t0;
      bareLines[r] = t2 - t1;
      bareCodec[r] = t3 - t2;
    }
    double sinkMbs = mbPerSecond(rawBytes, median(sink));
    double linesMbs = mbPerSecond(rawBytes, median(bareLines));
    double codecMbs = mbPerSecond(rawBytes, median(bareCodec));
    double bigMbs = mbPerSecond(rawBytes, median(bareBig));
    double accMbs = mbPerSecond(rawBytes, median(sinkEncoded));
    System.out.printf(
        "encode (median of %d rounds after %d warm-up rounds, raw MB/s):%n", ROUNDS - 5, 5);
    System.out.printf("  sink accumulator (encode+gzip+seal+sha256): %6.1f MB/s%n", sinkMbs);
    System.out.printf("  bare GZIPOutputStream, same line bytes:     %6.1f MB/s%n", linesMbs);
    System.out.printf("  bare GZIPOutputStream, codec writeTo:       %6.1f MB/s%n", codecMbs);
    System.out.printf("  bare GZIPOutputStream(64 KiB buf), lines:   %6.1f MB/s%n", bigMbs);
    System.out.printf("  sink accumulator, lines already encoded:    %6.1f MB/s%n", accMbs);
    System.out.printf(
        "  same bytes (lines in -> gzip out): accumulator/bare = %.2fx, accumulator/bare(64K) = %.2fx%n",
        accMbs / linesMbs, accMbs / bigMbs);
    System.out.printf(
        "  end to end (envelopes in, codec included): sink/bare(codec) = %.2fx%n",
        sinkMbs / codecMbs);
    System.out.printf(
        "  compressed %d -> %d bytes (%.1f%%), bare gzip %d bytes%n",
        rawBytes, sinkSize, 100.0 * sinkSize / rawBytes, bareSize);

    memory(envelopes, 2_000);
    memory(envelopes, 200);
  }

  /** The sink's path: the record's line from the codec, then the accumulator. */
  static ArchiveObject throughSink(List<Envelope> envelopes) {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    for (Envelope e : envelopes) {
      ArchiveRecord r = ArchiveRecord.of(e);
      acc.add(r, r.rawBytes());
    }
    acc.seal();
    return acc.toObject(KEY);
  }

  /** The accumulator alone, on records whose lines are already encoded. */
  static ArchiveObject accumulate(List<ArchiveRecord> records) {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    for (ArchiveRecord r : records) {
      acc.add(r, r.rawBytes());
    }
    acc.seal();
    return acc.toObject(KEY);
  }

  static long bareGzip(List<byte[]> lines) throws IOException {
    return bareGzip(lines, 512); // GZIPOutputStream's default buffer
  }

  static long bareGzip(List<byte[]> lines, int buffer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, buffer)) {
      for (byte[] line : lines) {
        gz.write(line);
        gz.write('\n');
      }
    }
    return out.toByteArray().length;
  }

  static long bareGzipWithCodec(List<Envelope> envelopes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      for (Envelope e : envelopes) {
        EnvelopeCodec.writeTo(e, gz);
        gz.write('\n');
      }
    }
    return out.toByteArray().length;
  }

  /** Heap and native memory held by pending groups of {@code perGroup} records each. */
  static void memory(List<Envelope> envelopes, int perGroup) throws Exception {
    int groups = RECORDS / perGroup;
    List<ArchiveRecord> records = envelopes.stream().map(ArchiveRecord::of).toList();
    long raw = records.stream().mapToLong(ArchiveRecord::rawBytes).sum();
    long heapBefore = usedHeapAfterGc();
    long rssBefore = rss();
    List<GzipJsonlAccumulator> open = new ArrayList<>();
    // One reference per record, as the batcher keeps the message of each pending record.
    List<Object> refs = new ArrayList<>(RECORDS);
    long buffered = 0;
    for (int g = 0; g < groups; g++) {
      GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
      for (int i = g * perGroup; i < (g + 1) * perGroup; i++) {
        acc.add(records.get(i), records.get(i).rawBytes());
        refs.add(records.get(i));
      }
      buffered += acc.bufferedBytes();
      open.add(acc);
    }
    long heapHeld = usedHeapAfterGc() - heapBefore;
    long rssHeld = rss() - rssBefore;
    System.out.printf(
        "memory, %d open groups x %d records (%.1f MB raw):%n", groups, perGroup, raw / 1e6);
    System.out.printf(
        "  accounted (compressed chunks): %.1f bytes/record = %.3fx raw%n",
        (double) buffered / RECORDS, (double) buffered / raw);
    System.out.printf(
        "  heap after GC (chunks, compressor objects, 1 ref/record): %.1f bytes/record = %.3fx raw%n",
        (double) heapHeld / RECORDS, (double) heapHeld / raw);
    System.out.printf(
        "  native (RSS growth; heap pre-touched): %.1f bytes/record = %.3fx raw, %.0f KiB/group%n",
        (double) rssHeld / RECORDS, (double) rssHeld / raw, rssHeld / 1024.0 / groups);
    open.forEach(GzipJsonlAccumulator::discard);
    if (refs.size() != RECORDS) {
      throw new IllegalStateException();
    }
  }

  static List<Envelope> telemetry(int n, Random random) {
    List<Envelope> out = new ArrayList<>(n);
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    String[] locations = {"berlin", "paris", "rome"};
    for (int i = 0; i < n; i++) {
      String device = "sensor-" + random.nextInt(500);
      Instant t = t0.plusMillis(i * 250L + random.nextInt(200));
      String payload =
          String.format(
              "{\"temperature\":%.2f,\"humidity\":%.1f,\"pressure\":%.1f,\"battery\":%.3f,"
                  + "\"rssi\":%d,\"seq\":%d,\"status\":\"%s\"}",
              15 + random.nextDouble() * 10,
              30 + random.nextDouble() * 40,
              990 + random.nextDouble() * 30,
              3 + random.nextDouble(),
              -40 - random.nextInt(60),
              i,
              random.nextInt(20) == 0 ? "warn" : "ok");
      out.add(
          new Envelope(
              Envelope.CURRENT_VERSION,
              java.util.UUID.nameUUIDFromBytes(("m" + i).getBytes()).toString(),
              device,
              t,
              t.plusMillis(30 + random.nextInt(100)),
              new Source("devices/" + device + "/telemetry", "telemetry"),
              Map.of("qos", "1", "mqttTopic", "devices/" + device + "/telemetry"),
              Payload.json(payload),
              Map.of(
                  "location",
                  locations[random.nextInt(3)],
                  "model",
                  "TH-200",
                  "firmware",
                  "2.4." + random.nextInt(5),
                  "owner",
                  "fleet-" + random.nextInt(20))));
    }
    return out;
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

  private static long median(long[] nanos) {
    long[] measured = Arrays.copyOfRange(nanos, 5, nanos.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
