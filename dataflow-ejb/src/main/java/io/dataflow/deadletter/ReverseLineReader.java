package io.dataflow.deadletter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file's lines backwards, the last line first, by seeking from the end in blocks: reading
 * the last N lines of a big file costs those lines, not the file. It holds only the part of the
 * current line read so far. A final line break does not start an empty line; an unterminated last
 * line (a torn write) is returned as it is. Not thread-safe.
 */
final class ReverseLineReader implements Closeable {
  static final int BLOCK_BYTES = 64 * 1024;

  private final FileChannel channel;
  private final int blockBytes;
  private byte[] window = new byte[0];
  private long windowStart;
  private int end;
  private int searched;
  private boolean started;
  private boolean finished;
  private long bytesRead;

  ReverseLineReader(Path file) throws IOException {
    this(file, BLOCK_BYTES);
  }

  ReverseLineReader(Path file, int blockBytes) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.blockBytes = blockBytes;
    this.windowStart = channel.size();
  }

  /** The line before the one returned last (without its line break), or null at the start. */
  byte[] previousLine() throws IOException {
    if (finished) {
      return null;
    }
    if (!started) {
      started = true;
      if (windowStart == 0) {
        finished = true;
        return null;
      }
      readBlock();
      if (window[end - 1] == '\n') {
        end--;
      }
      searched = end;
    }
    while (true) {
      for (int i = searched - 1; i >= 0; i--) {
        if (window[i] == '\n') {
          byte[] line = Arrays.copyOfRange(window, i + 1, end);
          end = i;
          searched = i;
          return line;
        }
      }
      if (windowStart == 0) {
        finished = true;
        return Arrays.copyOfRange(window, 0, end);
      }
      readBlock();
    }
  }

  /** Bytes read from the file so far. */
  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Prepends the block before the window to the unconsumed part of the window. */
  private void readBlock() throws IOException {
    int n = (int) Math.min(blockBytes, windowStart);
    byte[] grown = new byte[n + end];
    ByteBuffer buf = ByteBuffer.wrap(grown, 0, n);
    long position = windowStart - n;
    while (buf.hasRemaining()) {
      int r = channel.read(buf, position + buf.position());
      if (r < 0) {
        throw new IOException("file shrank while reading it backwards");
      }
    }
    System.arraycopy(window, 0, grown, n, end);
    bytesRead += n;
    window = grown;
    windowStart = position;
    end += n;
    searched = n; // the old part holds no line break
  }
}
