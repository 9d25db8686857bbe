package io.dataflow.bus.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link JournalFiles} over real files whose channels can run out of space: with {@link #fill} a
 * write that does not fit writes what does (the first part of a frame, as a real disk would) and
 * the next one fails with "No space left on device"; {@link #failForce} makes fsync fail.
 */
final class FaultyDisk implements JournalFiles {
  static final String NO_SPACE = "No space left on device";
  private volatile long space = Long.MAX_VALUE;
  private volatile boolean failForce;
  private volatile java.util.concurrent.CountDownLatch hangForce;
  private volatile RuntimeException breakForce;
  final AtomicInteger partialWrites = new AtomicInteger();
  final AtomicInteger failedWrites = new AtomicInteger();
  final AtomicInteger failedForces = new AtomicInteger();

  /** From now on only {@code bytes} more fit. */
  void fill(long bytes) {
    space = bytes;
  }

  /** Space returns. */
  void free() {
    space = Long.MAX_VALUE;
  }

  void failForce(boolean fail) {
    failForce = fail;
  }

  /** From now on an fsync blocks until {@code release} opens (a hung disk). */
  void hangForce(java.util.concurrent.CountDownLatch release) {
    hangForce = release;
  }

  /** Released whenever an fsync starts to hang. */
  final java.util.concurrent.Semaphore hanging = new java.util.concurrent.Semaphore(0);

  /** From now on an fsync throws {@code failure} (a bug below the journal). */
  void breakForce(RuntimeException failure) {
    breakForce = failure;
  }

  @Override
  public FileChannel create(Path segment) throws IOException {
    return new Channel(JournalFiles.DEFAULT.create(segment));
  }

  private final class Channel extends FileChannel {
    private final FileChannel file;

    Channel(FileChannel file) {
      this.file = file;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long left = space;
      if (left <= 0) {
        failedWrites.incrementAndGet();
        throw new IOException(NO_SPACE);
      }
      if (src.remaining() <= left) {
        int n = file.write(src);
        space = left == Long.MAX_VALUE ? left : left - n;
        return n;
      }
      ByteBuffer part = src.slice().limit((int) left);
      int n = file.write(part);
      src.position(src.position() + n);
      space = left - n;
      partialWrites.incrementAndGet();
      return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      RuntimeException broken = breakForce;
      if (broken != null) {
        throw broken;
      }
      java.util.concurrent.CountDownLatch hang = hangForce;
      if (hang != null) {
        hanging.release();
        try {
          hang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while hanging");
        }
      }
      if (failForce) {
        failedForces.incrementAndGet();
        throw new IOException("Input/output error");
      }
      file.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("not used by the journal");
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
