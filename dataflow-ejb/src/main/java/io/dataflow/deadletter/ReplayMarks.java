package io.dataflow.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The replay marks of the dead-letter store, {@code replays.jsonl} beside the dead-letter files:
 * one JSON object per line ({@code {"id":..,"at":..,"by":..}}), appended and forced to disk, all of
 * them read back at open (a mark is some 80 bytes, so a million replays are 80 MB). A dead letter
 * replayed twice keeps its last mark. A torn or malformed line is skipped with a warning: its dead
 * letter shows as not replayed, which is the safe side.
 */
final class ReplayMarks {
  static final String FILE = "replays.jsonl";
  private static final Logger LOG = Logger.getLogger(ReplayMarks.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, ReplayMark> marks = new HashMap<>();
  private FileChannel channel;

  ReplayMarks(Path directory) throws IOException {
    this.file = directory.resolve(FILE);
    if (Files.exists(file)) {
      load();
    }
  }

  /** Opened at the first mark, so a store that never replayed has no marks file. */
  private FileChannel channel() throws IOException {
    if (channel == null) {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      endTornLine();
    }
    return channel;
  }

  /** Ends a line torn by a crash, so the next mark starts a line of its own. */
  private void endTornLine() throws IOException {
    long size = channel.size();
    if (size == 0) {
      return;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      read.read(last, size - 1);
    }
    if (last.get(0) != '\n') {
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      channel.force(false);
    }
  }

  synchronized void add(Collection<ReplayMark> added) throws IOException {
    if (added.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (ReplayMark m : added) {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", m.deadLetterId());
      n.put("at", m.at().toString());
      n.put("by", m.by());
      lines.append(JSON.writeValueAsString(n)).append('\n');
    }
    FileChannel ch = channel();
    ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    ch.force(false);
    for (ReplayMark m : added) {
      marks.put(m.deadLetterId(), m);
    }
  }

  synchronized Optional<ReplayMark> get(String deadLetterId) {
    return Optional.ofNullable(marks.get(deadLetterId));
  }

  synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  private void load() throws IOException {
    int skipped = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          ReplayMark m =
              new ReplayMark(
                  n.get("id").asText(), Instant.parse(n.get("at").asText()), n.path("by").asText());
          marks.put(m.deadLetterId(), m);
        } catch (IOException | RuntimeException e) {
          skipped++;
        }
      }
    }
    if (skipped > 0) {
      LOG.warning(file + ": skipped " + skipped + " malformed replay marks");
    }
  }
}
