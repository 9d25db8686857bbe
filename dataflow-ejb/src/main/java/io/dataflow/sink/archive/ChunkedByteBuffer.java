package io.dataflow.sink.archive;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable byte buffer made of chunks, so growing never copies what is already held and the
 * memory held stays close to the bytes written (at most one partly filled chunk of slack). Chunks
 * start small, for the many small groups, and double up to {@value #MAX_CHUNK}. Not thread-safe.
 */
final class ChunkedByteBuffer extends OutputStream {
  static final int FIRST_CHUNK = 512;
  static final int MAX_CHUNK = 64 * 1024;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int position;
  private long size;
  private long capacity;

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
    int next = current == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, current.length * 2);
    current = new byte[next];
    chunks.add(current);
    position = 0;
    capacity += next;
  }
}
