package io.dataflow.sink.archive;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable byte buffer made of chunks, so growing never copies what is already held and the
 * memory held stays close to the bytes written (at most one partly filled chunk of slack). Chunks
 * start small, for the many small groups, and double up to a maximum ({@value #MAX_CHUNK} by
 * default). Not thread-safe.
 */
final class ChunkedByteBuffer extends OutputStream {
  static final int FIRST_CHUNK = 512;
  static final int MAX_CHUNK = 64 * 1024;

  private final int maxChunk;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int position;
  private long size;
  private long capacity;

  ChunkedByteBuffer() {
    this(MAX_CHUNK);
  }

  /** A buffer whose chunks grow up to {@code maxChunk} bytes (the most it can waste). */
  ChunkedByteBuffer(int maxChunk) {
    this.maxChunk = Math.max(FIRST_CHUNK, maxChunk);
  }

  @Override
  public void write(int b) {
    if (current == null || position == current.length) {
      grow();
    }
    current[position++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (current == null || position == current.length) {
        grow();
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(b, off, current, position, n);
      position += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  /** Bytes written. */
  long size() {
    return size;
  }

  /** Bytes allocated for the chunks (what the buffer holds in memory). */
  long capacity() {
    return capacity;
  }

  /** Receives the written bytes chunk by chunk. */
  @FunctionalInterface
  interface ChunkConsumer {
    void accept(byte[] chunk, int length);
  }

  /** Hands every chunk, in order, with the number of bytes written in it. */
  void forEachChunk(ChunkConsumer consumer) {
    for (byte[] chunk : chunks) {
      int n = chunk == current ? position : chunk.length;
      if (n > 0) {
        consumer.accept(chunk, n);
      }
    }
  }

  /** Forgets everything written and frees the chunks. */
  void clear() {
    chunks.clear();
    current = null;
    position = 0;
    size = 0;
    capacity = 0;
  }

  /** The bytes written, as one array. */
  byte[] toByteArray() {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("archive object over 2 GiB");
    }
    byte[] all = new byte[(int) size];
    int at = 0;
    for (byte[] chunk : chunks) {
      int n = chunk == current ? position : chunk.length;
      System.arraycopy(chunk, 0, all, at, n);
      at += n;
    }
    return all;
  }

  private void grow() {
    int next = current == null ? FIRST_CHUNK : Math.min(maxChunk, current.length * 2);
    current = new byte[next];
    chunks.add(current);
    position = 0;
    capacity += next;
  }
}
