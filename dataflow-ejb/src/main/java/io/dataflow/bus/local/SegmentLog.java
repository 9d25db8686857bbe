package io.dataflow.bus.local;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
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
 *
 * <p>Storage faults are transient. A write that fails (a full disk) fails its append, and the frame
 * it may have left half-written is cut off, so the file always ends at the last whole record and
 * nothing is ever appended after a torn one. A failed fsync fails every append still waiting for
 * one, and the next publish starts a new segment, since what the old one holds after its last good
 * fsync is unknown. Appends work again by themselves once the storage does; until then {@link
 * #storageProblem()} names the directory and the error.
 *
 * <p>The flusher is watched as {@code journal-<directory name>} (see {@link Heartbeats}): it has
 * work pending while appended records wait for an fsync, makes progress with every fsync (a failed
 * one included), and is dead once its thread ends before {@link #close()}.
 */
final class SegmentLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SegmentLog.class.getName());
  private static final String SUFFIX = ".seg";
  private final Path dir;
  private final JournalOptions options;
  private final JournalFiles files;
  private final Supplier<List<JournalRecord>> header;
  private final Runnable afterFlush;
  private final NavigableMap<Long, Path> segments = new TreeMap<>();
  private final List<FileChannel> retired = new ArrayList<>();
  // Segments given up after a failed fsync: closed by the flusher without forcing them again.
  private final List<FileChannel> givenUp = new ArrayList<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Thread flusher;
  private final Heartbeat heartbeat;
  private FileChannel channel;
  private long segmentBytes;
  // Guarded by this; volatile for the liveness check, which reads them without the lock.
  private volatile long appended;
  private volatile long durable;
  private boolean closed;
  // The current segment may end with part of a frame (a failed write not cut off yet).
  private boolean torn;
  // The last fsync of the current segment failed: the next publish starts a new one.
  private boolean unforced;
  private volatile String storageProblem;

  private record Waiter(long ticket, CompletableFuture<Void> done) {}

  /**
   * A segment that is no longer written.
   *
   * @param bytes its size
   * @param closedMillis when it was closed (rolled over); for a segment found on start-up, its
   *     file's modification time. Its messages are all at least this old.
   */
  record Closed(long bytes, long closedMillis) {}

  // The segments that are no longer written, by first sequence number; guarded by this.
  private final NavigableMap<Long, Closed> closedSegments = new TreeMap<>();
  private final Clock clock;

  SegmentLog(
      Path dir,
      long firstSeq,
      NavigableMap<Long, Path> existing,
      JournalOptions options,
      JournalFiles files,
      Clock clock,
      Supplier<List<JournalRecord>> header,
      Runnable afterFlush,
      Heartbeats heartbeats)
      throws IOException {
    this.dir = dir;
    this.clock = clock;
    this.options = options;
    this.files = files;
    this.header = header;
    this.afterFlush = afterFlush;
    segments.putAll(existing);
    for (Map.Entry<Long, Path> e : existing.entrySet()) {
      Path p = e.getValue();
      closedSegments.put(
          e.getKey(), new Closed(Files.size(p), Files.getLastModifiedTime(p).toMillis()));
    }
    synchronized (this) {
      openSegment(firstSeq);
    }
    heartbeat = heartbeats.register("journal-" + dir.getFileName(), () -> appended != durable);
    flusher = new Thread(this::flushLoop, "dataflow-journal-" + dir.getFileName());
    flusher.setDaemon(true);
    flusher.start();
    heartbeat.whileRunning(flusher::isAlive);
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

  /**
   * Appends a record that nobody waits for (acks, subscriptions).
   *
   * @throws IOException if it could not be written; the file then ends where it did before
   */
  synchronized void append(JournalRecord record) throws IOException {
    write(record);
    notifyAll();
  }

  /**
   * Appends a record; the stage completes once it is on disk, or fails if it cannot get there.
   *
   * @throws IOException if it could not be written; the file then ends where it did before
   */
  synchronized CompletableFuture<Void> appendDurably(JournalRecord record) throws IOException {
    if (closed) {
      throw new IOException("The journal in " + dir + " is closed");
    }
    if (record.type() == JournalRecord.PUBLISH
        && (unforced || segmentBytes >= options.segmentBytes())) {
      cutTornFrame();
      FileChannel previous = channel;
      long previousFirst = segments.lastKey();
      long previousBytes = segmentBytes;
      openSegment(record.seq());
      closedSegments.put(previousFirst, new Closed(previousBytes, clock.millis()));
      if (unforced) {
        // Every append waiting on its unforced tail has failed: it is closed, not forced again.
        unforced = false;
        givenUp.add(previous);
      } else {
        retired.add(previous);
      }
    }
    append(record);
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiters.add(new Waiter(appended, done));
    notifyAll();
    return done;
  }

  /** What keeps the journal from writing (directory and error), while the last write failed. */
  Optional<String> storageProblem() {
    return Optional.ofNullable(storageProblem);
  }

  /** All segment files, oldest first; the last one is being written. */
  synchronized NavigableMap<Long, Path> segments() {
    return new TreeMap<>(segments);
  }

  /** The segments that are no longer written, oldest first (all but the last of segments()). */
  synchronized NavigableMap<Long, Closed> closedSegments() {
    return new TreeMap<>(closedSegments);
  }

  /** Bytes of the segment being written. */
  synchronized long currentBytes() {
    return segmentBytes;
  }

  /** Deletes a segment that is not the one being written. */
  void delete(long firstSeq) throws IOException {
    Path p;
    synchronized (this) {
      if (firstSeq == segments.lastKey()) {
        throw new IllegalArgumentException("Segment " + firstSeq + " is being written");
      }
      p = segments.remove(firstSeq);
      closedSegments.remove(firstSeq);
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
      heartbeat.close();
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
      heartbeat.close();
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

  /**
   * Creates a segment and writes its header; on failure the previous segment stays the one being
   * written and the new file is removed, since a segment without its whole header could forget a
   * subscription once the older ones are deleted.
   */
  private void openSegment(long firstSeq) throws IOException {
    Path p = dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    FileChannel previous = channel;
    long previousBytes = segmentBytes;
    try {
      channel = files.create(p);
    } catch (IOException e) {
      throw failed(e);
    }
    segmentBytes = 0;
    try {
      // The directory entry of a new file is durable only once the directory itself is forced.
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        throw failed(e);
      }
      for (JournalRecord r : header.get()) {
        write(r);
      }
    } catch (IOException e) {
      closeQuietly(channel);
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // The next attempt reports what keeps it from creating the file.
      }
      channel = previous;
      segmentBytes = previousBytes;
      torn = false;
      throw e;
    }
    segments.put(firstSeq, p);
  }

  private void write(JournalRecord record) throws IOException {
    cutTornFrame();
    ByteBuffer b = record.frame();
    int length = b.remaining();
    try {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    } catch (IOException e) {
      torn = true;
      IOException failure = failed(e);
      try {
        cutTornFrame();
      } catch (IOException again) {
        failure.addSuppressed(again);
      }
      throw failure;
    }
    segmentBytes += length;
    appended++;
    if (!unforced) {
      storageProblem = null;
    }
  }

  /** Cuts off the part of a frame a failed write left behind, so the file ends at a whole one. */
  private void cutTornFrame() throws IOException {
    if (!torn) {
      return;
    }
    try {
      channel.truncate(segmentBytes);
      channel.position(segmentBytes);
    } catch (IOException e) {
      throw failed(e);
    }
    torn = false;
  }

  /** Records the storage problem of {@code e} and returns it as an error naming the directory. */
  private IOException failed(IOException e) {
    String reason = "journal " + dir + ": " + (e.getMessage() == null ? e : e.getMessage());
    storageProblem = reason;
    return new IOException(reason, e);
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "Cannot close a journal segment", e);
    }
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
          // Taken up the waiting records: it waits for more on purpose before the fsync.
          heartbeat.pausing(options.flushInterval());
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
        heartbeat.beat();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      heartbeat.died("the journal flusher of " + dir + " was interrupted");
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "The journal flusher of " + dir + " failed", e);
      heartbeat.died("the journal flusher of " + dir + " failed: " + e);
    }
  }

  private void flushOnce() {
    long ticket;
    List<FileChannel> old;
    List<FileChannel> dropped;
    FileChannel current;
    synchronized (this) {
      ticket = appended;
      old = List.copyOf(retired);
      retired.clear();
      dropped = List.copyOf(givenUp);
      givenUp.clear();
      current = channel;
    }
    dropped.forEach(SegmentLog::closeQuietly);
    IOException error = null;
    boolean currentFailed = false;
    for (FileChannel c : old) {
      try {
        c.force(false);
      } catch (IOException e) {
        error = e;
      }
      closeQuietly(c);
    }
    try {
      current.force(false);
    } catch (IOException e) {
      error = e;
      currentFailed = true;
    }
    List<Waiter> done = new ArrayList<>();
    synchronized (this) {
      if (error != null) {
        LOG.log(Level.SEVERE, "Cannot force the journal in " + dir + " to disk", error);
        storageProblem = "journal " + dir + ": cannot force to disk: " + error.getMessage();
        // After a failed fsync what the file holds since the last good one is unknown: fail every
        // waiting append (their publishers retry) and give the segment up if it is still current.
        if (currentFailed && current == channel) {
          unforced = true;
        }
        done.addAll(waiters);
        waiters.clear();
        durable = Math.max(durable, appended);
      } else {
        durable = Math.max(durable, ticket);
        while (!waiters.isEmpty() && waiters.peek().ticket() <= durable) {
          done.add(waiters.poll());
        }
      }
    }
    for (Waiter w : done) {
      if (error == null) {
        w.done().complete(null);
      } else {
        w.done()
            .completeExceptionally(
                new IOException("journal " + dir + ": cannot force to disk", error));
      }
    }
  }
}
