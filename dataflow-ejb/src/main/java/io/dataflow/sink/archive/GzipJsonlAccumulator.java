package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.sink.batch.BatchBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * The records of one pending archive group, compressed as they arrive. Each envelope's line (from
 * {@link EnvelopeCodec}) is staged; every {@value #DEFAULT_SEGMENT_BYTES} bytes the stage is
 * compressed into a gzip member by a pooled compressor ({@link GzipMembers}) and freed. So a group
 * holds its compressed bytes plus at most one segment of raw text, all on the heap and all counted
 * by {@link #bufferedBytes()}, and no compressor between segments. {@link #seal} compresses the
 * last segment; {@link #toObject} builds the {@link ArchiveObject}. Not thread-safe (the batcher
 * calls it under its lock).
 */
public final class GzipJsonlAccumulator implements BatchBuffer<ArchiveRecord> {
  /** Raw bytes compressed at once: big enough for a good ratio, small enough to hold raw. */
  public static final int DEFAULT_SEGMENT_BYTES = 32 * 1024;

  private static final GzipMembers MEMBERS = new GzipMembers(Deflater.DEFAULT_COMPRESSION);

  /**
   * The time in an object name: {@code 20261125T120000.000Z}. The year has no sign and at least 4
   * digits, so a year past 9999 (which {@code yyyy} writes as {@code +10000}) still gives a name
   * every store takes; a year before 1 keeps its minus sign, which is also safe.
   */
  private static final DateTimeFormatter NAME_TIME =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL)
          .appendPattern("MMdd'T'HHmmss.SSS'Z'")
          .toFormatter(Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final int segmentBytes;
  private final ChunkedByteBuffer staged = new ChunkedByteBuffer(4096);
  private final ChunkedByteBuffer compressed = new ChunkedByteBuffer();
  private final IdDigest ids = new IdDigest();
  private long rawBytes;
  private long records;
  private Instant minEventTime;
  private Instant maxEventTime;
  private String firstId;
  private String lastId;
  private boolean closed;

  /** An empty accumulator; it holds no memory until its first record. */
  public GzipJsonlAccumulator() {
    this(DEFAULT_SEGMENT_BYTES);
  }

  /** An empty accumulator compressing every {@code segmentBytes} raw bytes. */
  public GzipJsonlAccumulator(int segmentBytes) {
    this.segmentBytes = segmentBytes;
  }

  /** A factory for the batcher: one accumulator per group. */
  public static BatchBuffer.Factory<ArchiveGroupKey, GzipJsonlAccumulator> factory() {
    return key -> new GzipJsonlAccumulator();
  }

  /** Appends one envelope as a line. */
  public void add(Envelope envelope) {
    add(ArchiveRecord.of(envelope), 0);
  }

  /** Appends a record's line; {@code bytes} is ignored (the line's own length is counted). */
  @Override
  public void add(ArchiveRecord record, long bytes) {
    if (closed) {
      throw new IllegalStateException("batch already sealed");
    }
    staged.write(record.line(), 0, record.line().length);
    staged.write('\n');
    rawBytes += record.rawBytes();
    if (staged.size() >= segmentBytes) {
      compressStaged();
    }
    Envelope envelope = record.envelope();
    records++;
    ids.add(envelope.id());
    Instant t = envelope.eventTime();
    if (minEventTime == null || t.isBefore(minEventTime)) {
      minEventTime = t;
    }
    if (maxEventTime == null || t.isAfter(maxEventTime)) {
      maxEventTime = t;
    }
    if (firstId == null) {
      firstId = envelope.id();
    }
    lastId = envelope.id();
  }

  public long records() {
    return records;
  }

  /** Uncompressed JSONL bytes written, newlines included. */
  public long rawBytes() {
    return rawBytes;
  }

  /** Compressed bytes produced so far (the staged segment not included). */
  public long compressedBytes() {
    return compressed.size();
  }

  /** Heap bytes held: the compressed chunks and the staged segment. */
  @Override
  public long bufferedBytes() {
    return compressed.capacity() + staged.capacity();
  }

  /** Compresses the last segment. Idempotent. */
  @Override
  public void seal() {
    close();
  }

  /** Seals and builds the object in one step. */
  public ArchiveObject seal(ArchiveGroupKey key) {
    seal();
    return toObject(key);
  }

  /**
   * Builds the object of a sealed batch. Its name is {@code <key>/<min event time>-<first 16 hex of
   * the id digest>.jsonl.gz}: the same records (in any order) under the same key always get the
   * same name.
   */
  public ArchiveObject toObject(ArchiveGroupKey key) {
    if (records == 0) {
      throw new IllegalStateException("cannot build an object of an empty batch");
    }
    if (!closed) {
      throw new IllegalStateException("batch not sealed");
    }
    byte[] content = compressed.toByteArray();
    String name =
        key.value()
            + "/"
            + NAME_TIME.format(minEventTime)
            + "-"
            + ids.hex().substring(0, 16)
            + ".jsonl.gz";
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(ArchiveMetadata.RECORD_COUNT, Long.toString(records));
    metadata.put(ArchiveMetadata.MIN_EVENT_TIME, minEventTime.toString());
    metadata.put(ArchiveMetadata.MAX_EVENT_TIME, maxEventTime.toString());
    metadata.put(
        ArchiveMetadata.SHA256, HexFormat.of().formatHex(IdDigest.newSha256().digest(content)));
    metadata.put(ArchiveMetadata.FIRST_MESSAGE_ID, firstId);
    metadata.put(ArchiveMetadata.LAST_MESSAGE_ID, lastId);
    metadata.put(ArchiveMetadata.GROUP_KEY, key.value());
    metadata.put(ArchiveMetadata.UNCOMPRESSED_BYTES, Long.toString(rawBytes()));
    return ArchiveObject.gzipJsonl(name, content, metadata);
  }

  /** Drops the records without building an object. */
  public void discard() {
    closed = true;
    staged.clear();
    compressed.clear();
  }

  private void close() {
    if (!closed) {
      closed = true;
      if (staged.size() > 0) {
        compressStaged();
      }
    }
  }

  private void compressStaged() {
    MEMBERS.compress(staged, compressed);
    staged.clear();
  }
}
