package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.sink.batch.BatchBuffer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The records of one pending archive group, compressed as they arrive: each envelope's line (from
 * {@link EnvelopeCodec}) goes straight into a gzip stream over a {@link ChunkedByteBuffer}, so the
 * memory held is close to the compressed size. {@link #seal} finishes the stream and {@link
 * #toObject} builds the {@link ArchiveObject}. Not thread-safe (the batcher calls it under its
 * lock); {@link #seal} or {@link #discard} must be called once to free the compressor's native
 * memory.
 */
public final class GzipJsonlAccumulator implements BatchBuffer<ArchiveRecord> {
  private static final int DEFLATE_BUFFER = 4096;
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ChunkedByteBuffer compressed = new ChunkedByteBuffer();
  private CountingStream raw;
  private final IdDigest ids = new IdDigest();
  private long records;
  private Instant minEventTime;
  private Instant maxEventTime;
  private String firstId;
  private String lastId;
  private boolean closed;

  /**
   * An empty accumulator. It holds no memory until its first record: the batcher counts a group's
   * memory from the growth of {@link #bufferedBytes()} as records are added, from zero.
   */
  public GzipJsonlAccumulator() {}

  /** A factory for the batcher: one accumulator per group. */
  public static BatchBuffer.Factory<ArchiveGroupKey, ArchiveRecord> factory() {
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
    try {
      if (raw == null) {
        raw = new CountingStream(new GZIPOutputStream(compressed, DEFLATE_BUFFER));
      }
      raw.write(record.line());
      raw.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    return raw == null ? 0 : raw.count;
  }

  /** Compressed bytes produced so far (the compressor may still hold a little more). */
  public long compressedBytes() {
    return compressed.size();
  }

  /** Heap bytes held by the compressed chunks: the memory the group holds. */
  @Override
  public long bufferedBytes() {
    return compressed.capacity();
  }

  /** Finishes the gzip stream (frees the compressor). Idempotent. */
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

  /** Frees the compressor without building an object. */
  public void discard() {
    close();
  }

  private void close() {
    if (!closed) {
      closed = true;
      try {
        if (raw != null) {
          raw.close(); // finishes the gzip trailer and ends the Deflater (native memory)
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Counts the uncompressed bytes on their way into the gzip stream. */
  private static final class CountingStream extends FilterOutputStream {
    private long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
