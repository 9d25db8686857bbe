package io.dataflow.bus.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the records of one segment file in order. A frame that does not validate (an impossible
 * length, cut short, or a checksum that does not match its body) is passed over by scanning
 * forward, byte by byte, for the next frame that does, so one damaged record does not hide the
 * intact ones after it. Where no valid frame follows, the segment ends at {@link #end()}: a record
 * cut short by a crash, or a damaged tail.
 */
final class SegmentReader implements AutoCloseable {
  private static final int WINDOW = 64 << 10;

  /**
   * A record read from a segment.
   *
   * @param record the record
   * @param offset where its frame starts
   * @param skipped bytes before it, after the previous good frame, that did not validate
   */
  record Frame(JournalRecord record, long offset, long skipped) {}

  private final FileChannel channel;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW).limit(0);
  private long windowStart;
  private long size;
  private long end;

  SegmentReader(Path segment) throws IOException {
    channel = FileChannel.open(segment, StandardOpenOption.READ);
    size = channel.size();
  }

  /** The next intact record, or null when none follows. */
  Frame next() throws IOException {
    Frame f = scan();
    if (f == null && channel.size() != size) {
      // The segment being written has grown since it was opened (a replay of the live segment).
      size = channel.size();
      f = scan();
    }
    return f;
  }

  /** The end of the last intact record read; bytes after it up to the file's size are not. */
  long end() {
    return end;
  }

  private Frame scan() throws IOException {
    for (long at = end; at + JournalRecord.HEADER + JournalRecord.BODY_PREFIX <= size; at++) {
      JournalRecord r = frameAt(at);
      if (r != null) {
        Frame f = new Frame(r, at, at - end);
        end = at + r.frameLength();
        return f;
      }
    }
    return null;
  }

  private JournalRecord frameAt(long at) throws IOException {
    if (!load(at, JournalRecord.HEADER)) {
      return null;
    }
    int length = window.getInt((int) (at - windowStart));
    int crc = window.getInt((int) (at - windowStart) + 4);
    if (length < JournalRecord.BODY_PREFIX
        || length > JournalRecord.MAX_BODY
        || at + JournalRecord.HEADER + length > size) {
      return null;
    }
    byte[] body = new byte[length];
    long from = at + JournalRecord.HEADER;
    if (length <= WINDOW) {
      if (!load(from, length)) {
        return null;
      }
      window.get((int) (from - windowStart), body);
    } else if (!readFully(ByteBuffer.wrap(body), from)) {
      return null;
    }
    return JournalRecord.decode(crc, body);
  }

  /** Makes the window hold bytes {@code [at, at + n)}; false if the file ends before. */
  private boolean load(long at, int n) throws IOException {
    if (at >= windowStart && at + n <= windowStart + window.limit()) {
      return true;
    }
    window.clear();
    windowStart = at;
    readFully(window, at);
    window.flip();
    return window.limit() >= n;
  }

  /** Fills {@code b} from file offset {@code at}; false if the file ends before it is full. */
  private boolean readFully(ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = channel.read(b, pos);
      if (n < 0) {
        return false;
      }
      pos += n;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
