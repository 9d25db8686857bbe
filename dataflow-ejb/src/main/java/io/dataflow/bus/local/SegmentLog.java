package io.dataflow.bus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The append side of a topic journal: segment files named after their first sequence number, in one
 * directory, and one flusher thread that forces them to disk (group commit). A record appended with
 * {@link #appendDurably} completes its stage once an fsync covers it; the flusher waits up to the
 * flush interval (or until the flush-records count is waiting) before forcing, and records appended
 * during an fsync share the next one. A new segment starts with the records of {@code header} (the
 * known subscriptions), so deleting old segments never forgets a subscription.
 *
 * <p>After {@link #close()} (graceful stop) publishes fail but acks are still written, without
 * fsync: sinks that settle their last batches on the way down are not replayed after a restart.
 */
final class SegmentLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SegmentLog.class.getName());
  private static final String SUFFIX = ".seg";
  private final Path dir;
  private final JournalOptions options;
  private final Supplier<List<JournalRecord>> header;
  private final Runnable afterFlush;
  private final NavigableMap<Long, Path> segments = new TreeMap<>();
  private final List<FileChannel> retired = new ArrayList<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Thread flusher;
  private FileChannel channel;
  private long segmentBytes;
  private long appended;
  private long durable;
  private boolean closed;
  private IOException failure;

  private record Waiter(long ticket, CompletableFuture<Void> done) {}

  SegmentLog(
      Path dir,
      long firstSeq,
      NavigableMap<Long, Path> existing,
      JournalOptions options,
      Supplier<List<JournalRecord>> header,
      Runnable afterFlush)
      throws IOException {
    this.dir = dir;
    this.options = options;
    this.header = header;
    this.afterFlush = afterFlush;
    segments.putAll(existing);
    synchronized (this) {
      openSegment(firstSeq);
    }
    flusher = new Thread(this::flushLoop, "dataflow-journal-" + dir.getFileName());
    flusher.setDaemon(true);
    flusher.start();
  }

  /** The segment files of a journal directory by first sequence number, oldest first. */
  static NavigableMap<Long, Path> list(Path dir) throws IOException {
    NavigableMap<Long, Path> found = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        try {
          found.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p);
        } catch (NumberFormatException e) {
          LOG.warning(() -> "Ignoring " + p + ": not a journal segment name");
        }
      }
    }
    return found;
  }

  /** Appends a record that nobody waits for (acks, subscriptions). */
  synchronized void append(JournalRecord record) throws IOException {
    if (failure != null) {
      throw new IOException("The journal in " + dir + " failed earlier", failure);
    }
    write(record);
    notifyAll();
  }

  /** Appends a record; the stage completes once it is on disk, or fails if it cannot get there. */
  synchronized CompletableFuture<Void> appendDurably(JournalRecord record) throws IOException {
    if (closed) {
      throw new IOException("The journal in " + dir + " is closed");
    }
    if (record.type() == JournalRecord.PUBLISH && segmentBytes >= options.segmentBytes()) {
      retired.add(channel);
      openSegment(record.seq());
    }
    append(record);
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiters.add(new Waiter(appended, done));
    notifyAll();
    return done;
  }

  /** All segment files, oldest first; the last one is being written. */
  synchronized NavigableMap<Long, Path> segments() {
    return new TreeMap<>(segments);
  }

  /** Deletes a segment that is not the one being written. */
  void delete(long firstSeq) throws IOException {
    Path p;
    synchronized (this) {
      if (firstSeq == segments.lastKey()) {
        throw new IllegalArgumentException("Segment " + firstSeq + " is being written");
      }
      p = segments.remove(firstSeq);
    }
    if (p != null) {
      Files.deleteIfExists(p);
    }
  }

  /** Bytes of all segment files. */
  long bytes() {
    long total = 0;
    for (Path p : segments().values()) {
      try {
        total += Files.size(p);
      } catch (NoSuchFileException e) {
        // deleted meanwhile
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }

  /** Forces everything appended so far to disk and stops the flusher (see the class comment). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    try {
      flusher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushOnce();
  }

  /** Stops the flusher without forcing anything: what a crash leaves behind (tests). */
  void abandon() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      flusher.join();
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openSegment(long firstSeq) throws IOException {
    Path p = dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    channel = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segments.put(firstSeq, p);
    segmentBytes = 0;
    // The directory entry of a new file is durable only once the directory itself is forced.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    for (JournalRecord r : header.get()) {
      write(r);
    }
  }

  private void write(JournalRecord record) throws IOException {
    ByteBuffer b = record.frame();
    segmentBytes += b.remaining();
    while (b.hasRemaining()) {
      channel.write(b);
    }
    appended++;
  }

  private void flushLoop() {
    try {
      while (true) {
        synchronized (this) {
          while (appended == durable && !closed) {
            wait();
          }
          if (closed) {
            return;
          }
          long deadline = System.nanoTime() + options.flushInterval().toNanos();
          long left;
          while (!closed
              && appended - durable < options.flushRecords()
              && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        }
        flushOnce();
        afterFlush.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "The journal flusher of " + dir + " failed", e);
    }
  }

  private void flushOnce() {
    long ticket;
    List<FileChannel> old;
    FileChannel current;
    synchronized (this) {
      ticket = appended;
      old = List.copyOf(retired);
      retired.clear();
      current = channel;
    }
    IOException error = null;
    try {
      for (FileChannel c : old) {
        c.force(false);
        c.close();
      }
      current.force(false);
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "Cannot force the journal in " + dir + " to disk", e);
      error = e;
    }
    List<Waiter> done = new ArrayList<>();
    synchronized (this) {
      if (error == null) {
        durable = Math.max(durable, ticket);
      } else if (failure == null) {
        // After a failed fsync the state of the file is unknown: fail every waiter and append.
        failure = error;
      }
      while (!waiters.isEmpty() && (failure != null || waiters.peek().ticket() <= durable)) {
        done.add(waiters.poll());
      }
    }
    for (Waiter w : done) {
      if (failure == null) {
        w.done().complete(null);
      } else {
        w.done().completeExceptionally(failure);
      }
    }
  }
}
