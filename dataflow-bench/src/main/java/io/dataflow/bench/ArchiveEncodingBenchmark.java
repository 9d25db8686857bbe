package io.dataflow.bench;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.sink.archive.ArchiveGroupKey;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.ArchiveRecord;
import io.dataflow.sink.archive.GzipJsonlAccumulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gzip JSONL encoding of one archive batch (20,000 envelopes, about 10 MB of JSONL) through the
 * archive sink's {@link GzipJsonlAccumulator}, against a bare {@link GZIPOutputStream} over a
 * {@link ByteArrayOutputStream} writing the same bytes. Time per batch; the speed ratio is the
 * baseline's time over the sink's. Target: the sink at least 0.8x the bare stream's speed.
 *
 * <ul>
 *   <li>{@code accumulatorSameBytes}: the lines already encoded, into the accumulator, sealed into
 *       an object (name, metadata, sha256) — the same bytes in as {@code bareGzipSameBytes}.
 *   <li>{@code bareGzipSameBytes}: the same lines into a bare stream (default 512-byte buffer);
 *       {@code bareGzipSameBytes64k} with a 64 KiB buffer.
 *   <li>{@code sinkEndToEnd}: envelopes in, as the sink does it ({@code ArchiveRecord.of}, then the
 *       accumulator); {@code bareGzipCodec}: envelopes written by the codec into a bare stream.
 * </ul>
 *
 * <p>On a loaded machine JMH's one-benchmark-after-another runs see different load; {@link #main}
 * runs the same methods interleaved, round after round, and prints medians and ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArchiveEncodingBenchmark {
  static final int RECORDS = 20_000;
  private static final ArchiveGroupKey KEY = new ArchiveGroupKey("2026/11/25/berlin");

  private List<Envelope> envelopes;
  private List<ArchiveRecord> records;
  private List<byte[]> lines;

  @Setup
  public void setUp() {
    envelopes = ArchiveTelemetry.envelopes(RECORDS, 42);
    records = envelopes.stream().map(ArchiveRecord::of).toList();
    lines = records.stream().map(ArchiveRecord::line).toList();
    long raw = records.stream().mapToLong(ArchiveRecord::rawBytes).sum();
    System.out.printf(
        "%n[archive] batch: %d envelopes, %d bytes of JSONL; sink object %d bytes, bare gzip %d"
            + " bytes%n",
        RECORDS, raw, accumulatorSameBytes().content().length, bareGzipSameBytes().length);
  }

  @Benchmark
  public ArchiveObject accumulatorSameBytes() {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    for (ArchiveRecord r : records) {
      acc.add(r, r.rawBytes());
    }
    acc.seal();
    return acc.toObject(KEY);
  }

  @Benchmark
  public byte[] bareGzipSameBytes() {
    return bareGzip(512); // GZIPOutputStream's default buffer
  }

  @Benchmark
  public byte[] bareGzipSameBytes64k() {
    return bareGzip(64 * 1024);
  }

  @Benchmark
  public ArchiveObject sinkEndToEnd() {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    for (Envelope e : envelopes) {
      ArchiveRecord r = ArchiveRecord.of(e);
      acc.add(r, r.rawBytes());
    }
    acc.seal();
    return acc.toObject(KEY);
  }

  @Benchmark
  public byte[] bareGzipCodec() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      for (Envelope e : envelopes) {
        EnvelopeCodec.writeTo(e, gz);
        gz.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** Interleaved rounds of every variant; medians of the rounds after the warm-up ones. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    int warmup = 5;
    ArchiveEncodingBenchmark b = new ArchiveEncodingBenchmark();
    b.setUp();
    long raw = b.records.stream().mapToLong(ArchiveRecord::rawBytes).sum();
    String[] names = {
      "accumulatorSameBytes",
      "bareGzipSameBytes",
      "bareGzipSameBytes64k",
      "sinkEndToEnd",
      "bareGzipCodec"
    };
    long[][] nanos = new long[names.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < names.length; v++) {
        long t = System.nanoTime();
        switch (v) {
          case 0 -> b.accumulatorSameBytes();
          case 1 -> b.bareGzipSameBytes();
          case 2 -> b.bareGzipSameBytes64k();
          case 3 -> b.sinkEndToEnd();
          default -> b.bareGzipCodec();
        }
        nanos[v][r] = System.nanoTime() - t;
      }
    }
    double[] mbs = new double[names.length];
    for (int v = 0; v < names.length; v++) {
      long[] measured = java.util.Arrays.copyOfRange(nanos[v], warmup, rounds);
      java.util.Arrays.sort(measured);
      mbs[v] = raw / 1e6 / (measured[measured.length / 2] / 1e9);
      System.out.printf("  %-22s %6.1f MB/s of JSONL%n", names[v], mbs[v]);
    }
    System.out.printf(
        "  same bytes: accumulator / bare = %.2fx (/ bare 64 KiB buffer = %.2fx)%n",
        mbs[0] / mbs[1], mbs[0] / mbs[2]);
    System.out.printf("  end to end: sink / bare codec = %.2fx%n", mbs[3] / mbs[4]);
  }

  private byte[] bareGzip(int buffer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, buffer)) {
      for (byte[] line : lines) {
        gz.write(line);
        gz.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
