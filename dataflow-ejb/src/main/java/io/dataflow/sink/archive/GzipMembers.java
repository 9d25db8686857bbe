package io.dataflow.sink.archive;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses segments of a group into gzip members (RFC 1952 section 2.2: a gzip file is a series
 * of members, and gunzip, {@code GZIPInputStream} and GCS decompressive transcoding read them as
 * one stream). The compressors are pooled and shared by all groups, so an open group holds no
 * compressor (zlib's state is about 256 KiB of native memory each) between segments. Thread-safe.
 */
final class GzipMembers {
  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };
  private static final int MAX_POOLED = 8;

  private final int level;
  private final ConcurrentLinkedQueue<Compressor> pool = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooled = new AtomicInteger();

  GzipMembers(int level) {
    this.level = level;
  }

  /** Appends one gzip member holding the bytes of {@code input} to {@code output}. */
  void compress(ChunkedByteBuffer input, ChunkedByteBuffer output) {
    Compressor c = borrow();
    try {
      output.write(HEADER, 0, HEADER.length);
      CRC32 crc = new CRC32();
      input.forEachChunk(
          (chunk, length) -> {
            crc.update(chunk, 0, length);
            c.deflater.setInput(chunk, 0, length);
            while (!c.deflater.needsInput()) {
              drain(c, output);
            }
          });
      c.deflater.finish();
      while (!c.deflater.finished()) {
        drain(c, output);
      }
      writeIntLe(output, (int) crc.getValue());
      writeIntLe(output, (int) input.size()); // ISIZE: the size modulo 2^32
    } finally {
      giveBack(c);
    }
  }

  private static void drain(Compressor c, ChunkedByteBuffer output) {
    int n = c.deflater.deflate(c.buffer, 0, c.buffer.length, Deflater.NO_FLUSH);
    output.write(c.buffer, 0, n);
  }

  private static void writeIntLe(ChunkedByteBuffer out, int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 24) & 0xff);
  }

  private Compressor borrow() {
    Compressor c = pool.poll();
    if (c != null) {
      pooled.decrementAndGet();
      return c;
    }
    return new Compressor(new Deflater(level, true), new byte[16 * 1024]);
  }

  private void giveBack(Compressor c) {
    c.deflater.reset();
    if (pooled.incrementAndGet() <= MAX_POOLED) {
      pool.offer(c);
    } else {
      pooled.decrementAndGet();
      c.deflater.end();
    }
  }

  private record Compressor(Deflater deflater, byte[] buffer) {}
}
