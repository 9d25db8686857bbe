package io.dataflow.deadletter;

import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dead letters as one envelope per line (the envelope codec, with {@code dlq.*} attributes; a line
 * never contains a line break) in {@code dead-letters.jsonl}, forced to disk on every append.
 *
 * <p>Append-safe: a line is written with its newline in one write, and a write that fails half way
 * is cut off again before the next append; on open, a torn tail (the file does not end with a
 * newline: a crash mid-write) is truncated to the last complete line. That record was never
 * acknowledged, so the bus delivers it again. A reader skips a malformed line with a warning.
 *
 * <p>Bounded: when an append would take the current file past {@code maxFileBytes} it is rotated to
 * {@code dead-letters-<n>.jsonl} ({@link DeadLetterFiles}) and the oldest rotated files beyond
 * {@code maxFiles} are deleted. The newest dead letters are also kept in memory for the console; at
 * open they are read from the end of the files ({@link ReverseLineReader}), never the whole store.
 *
 * <p>Replayed dead letters stay where they are; their marks are appended to {@code replays.jsonl}
 * ({@link ReplayMarks}).
 */
public class JsonlDeadLetterStore implements DeadLetterStore {
  private static final Logger LOG = Logger.getLogger(JsonlDeadLetterStore.class.getName());
  private static final int MALFORMED_LOGGED = 5;

  private final DeadLetterFiles files;
  private final int recentKept;
  private final long maxFileBytes;
  private final int maxFiles;
  private final Deque<DeadLetter> recent = new ArrayDeque<>();
  private final ReplayMarks replays;
  private FileChannel channel;
  private long size;
  private long tornBytesTruncated;
  private long malformedSkipped;
  private long startupBytesRead;

  /** A store with the default file size and retention of {@link DeadLetterSettings}. */
  public JsonlDeadLetterStore(Path directory, int recentKept) throws IOException {
    this(
        directory,
        recentKept,
        DeadLetterSettings.MAX_FILE_BYTES.parse(DeadLetterSettings.MAX_FILE_BYTES.defaultValue()),
        DeadLetterSettings.MAX_FILES.parse(DeadLetterSettings.MAX_FILES.defaultValue()));
  }

  /**
   * Opens (or creates) the store in {@code directory}: repairs a torn tail, applies the retention
   * and reads the newest {@code recentKept} dead letters back.
   */
  public JsonlDeadLetterStore(Path directory, int recentKept, long maxFileBytes, int maxFiles)
      throws IOException {
    Files.createDirectories(directory);
    this.files = new DeadLetterFiles(directory);
    this.recentKept = recentKept;
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
    repairTornTail();
    applyRetention();
    loadTail();
    openCurrent();
    this.replays = new ReplayMarks(directory);
  }

  /** The current file. */
  public Path file() {
    return files.current();
  }

  @Override
  public synchronized void append(DeadLetter deadLetter) throws IOException {
    byte[] encoded = EnvelopeCodec.encode(deadLetter.toEnvelope());
    byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
    line[encoded.length] = '\n';
    if (size > 0 && size + line.length > maxFileBytes) {
      rotate();
    }
    if (channel.size() != size) {
      channel.truncate(size); // what a failed append left behind
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException again) {
        e.addSuppressed(again); // retried before the next append
      }
      throw e;
    }
    size += line.length;
    remember(deadLetter);
  }

  @Override
  public synchronized List<DeadLetter> recent(int limit) {
    List<DeadLetter> newestFirst = new ArrayList<>(Math.min(limit, recent.size()));
    var it = recent.descendingIterator();
    while (it.hasNext() && newestFirst.size() < limit) {
      newestFirst.add(it.next());
    }
    return newestFirst;
  }

  /**
   * Reads every file, oldest first, holding the store's lock: appends wait until the scan is done
   * (a scan costs the size of the store on disk, at most {@code maxFiles + 1} files).
   */
  @Override
  public synchronized void scan(Consumer<DeadLetter> each) throws IOException {
    List<Path> oldestFirst = new ArrayList<>(files.rotated());
    if (Files.exists(files.current())) {
      oldestFirst.add(files.current());
    }
    for (Path file : oldestFirst) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          Optional<DeadLetter> d;
          try {
            d =
                DeadLetter.fromEnvelope(
                    EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
          } catch (EnvelopeFormatException | RuntimeException e) {
            LOG.fine(() -> file + ": skipped a malformed dead-letter line in a scan");
            continue;
          }
          d.ifPresent(each);
        }
      }
    }
  }

  @Override
  public void markReplayed(Collection<ReplayMark> marks) throws IOException {
    replays.add(marks);
  }

  @Override
  public Optional<ReplayMark> replayMark(String deadLetterId) {
    return replays.get(deadLetterId);
  }

  public synchronized void close() throws IOException {
    channel.close();
    replays.close();
  }

  /** Bytes of a torn last line cut off when the store was opened (0 when the file was whole). */
  public synchronized long tornBytesTruncated() {
    return tornBytesTruncated;
  }

  /** Malformed lines skipped while reading the newest dead letters back at open. */
  public synchronized long malformedSkipped() {
    return malformedSkipped;
  }

  /** Bytes read from disk at open to fill the in-memory history. */
  synchronized long startupBytesRead() {
    return startupBytesRead;
  }

  private void openCurrent() throws IOException {
    channel =
        FileChannel.open(
            files.current(),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    size = channel.size();
  }

  /**
   * Moves the current file to the next rotated name and starts a new one. A rotation that fails is
   * logged and the append goes to the current file (over its size, not lost); the next append tries
   * again.
   */
  private void rotate() throws IOException {
    Path current = files.current();
    Path rotated = files.nextRotated();
    channel.close();
    try {
      Files.move(current, rotated, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Rotated " + current + " (" + size + " bytes) to " + rotated);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not rotate " + current + " to " + rotated, e);
    }
    openCurrent();
    applyRetention();
  }

  /** Deletes the oldest rotated files beyond the retention; a failure is logged, not thrown. */
  private void applyRetention() {
    try {
      files.deleteBeyond(maxFiles);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete old dead-letter files", e);
    }
  }

  /** Cuts the current file back to its last complete line. */
  private void repairTornTail() throws IOException {
    Path file = files.current();
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length = ch.size();
      long keep = endOfLastCompleteLine(ch, length);
      if (keep == length) {
        return;
      }
      ch.truncate(keep);
      ch.force(false);
      tornBytesTruncated = length - keep;
      LOG.warning(
          file
              + ": truncated a torn last line of "
              + tornBytesTruncated
              + " bytes (a write cut short by a crash); that dead letter was never acknowledged"
              + " and is delivered again");
    }
  }

  /** The length of the file up to and including its last newline (0 if it has none). */
  private static long endOfLastCompleteLine(FileChannel ch, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long end = length;
    while (end > 0) {
      int n = (int) Math.min(buf.capacity(), end);
      buf.clear().limit(n);
      long start = end - n;
      while (buf.hasRemaining()) {
        if (ch.read(buf, start + buf.position()) < 0) {
          throw new IOException("file shrank while reading it");
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }

  private void remember(DeadLetter d) {
    recent.addLast(d);
    while (recent.size() > recentKept) {
      recent.removeFirst();
    }
  }

  /** Fills the history with the newest {@code recentKept} dead letters, reading from the end. */
  private void loadTail() throws IOException {
    List<DeadLetter> newestFirst = new ArrayList<>();
    for (Path file : files.newestFirst()) {
      try (ReverseLineReader r = new ReverseLineReader(file)) {
        byte[] line;
        while (newestFirst.size() < recentKept && (line = r.previousLine()) != null) {
          if (isBlank(line)) {
            continue;
          }
          try {
            DeadLetter.fromEnvelope(EnvelopeCodec.decode(line))
                .ifPresentOrElse(newestFirst::add, () -> malformed(file, "no dlq attributes"));
          } catch (EnvelopeFormatException | RuntimeException e) {
            malformed(file, e.getMessage());
          }
        }
        startupBytesRead += r.bytesRead();
      }
      if (newestFirst.size() >= recentKept) {
        break;
      }
    }
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      remember(newestFirst.get(i));
    }
    if (malformedSkipped > MALFORMED_LOGGED) {
      LOG.warning("Skipped " + malformedSkipped + " malformed dead-letter lines in all");
    }
  }

  private void malformed(Path file, String why) {
    malformedSkipped++;
    if (malformedSkipped <= MALFORMED_LOGGED) {
      LOG.warning(file + ": skipped a malformed dead-letter line (" + why + ")");
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
