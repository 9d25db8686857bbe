package io.dataflow.deadletter;

import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;

/**
 * Dead letters as one envelope per line (the envelope codec, with {@code dlq.*} attributes) in
 * {@code dead-letters.jsonl}, forced to disk on every append. The newest are also kept in memory
 * for the console; at start the tail of the file is read back.
 */
public class JsonlDeadLetterStore implements DeadLetterStore {
  private static final Logger LOG = Logger.getLogger(JsonlDeadLetterStore.class.getName());
  private final Path file;
  private final int recentKept;
  private final Deque<DeadLetter> recent = new ArrayDeque<>();
  private final FileChannel channel;
  private final OutputStream out;

  public JsonlDeadLetterStore(Path directory, int recentKept) throws IOException {
    Files.createDirectories(directory);
    this.file = directory.resolve("dead-letters.jsonl");
    this.recentKept = recentKept;
    loadTail();
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    this.out = Channels.newOutputStream(channel);
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void append(DeadLetter deadLetter) throws IOException {
    byte[] line = EnvelopeCodec.encode(deadLetter.toEnvelope());
    out.write(line);
    out.write('\n');
    channel.force(false);
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

  public synchronized void close() throws IOException {
    channel.close();
  }

  private void remember(DeadLetter d) {
    recent.addLast(d);
    while (recent.size() > recentKept) {
      recent.removeFirst();
    }
  }

  private void loadTail() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    int skipped = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          DeadLetter.fromEnvelope(EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8)))
              .ifPresent(this::remember);
        } catch (EnvelopeFormatException e) {
          skipped++;
        }
      }
    }
    if (skipped > 0) {
      LOG.warning(
          file + ": skipped " + skipped + " unreadable lines (a write cut short by a crash)");
    }
  }
}
