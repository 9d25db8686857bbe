package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable record of what committed mode appended, so that a restart knows which messages are
 * already in BigQuery. One file per write stream ({@code stream-*.jsonl}), one JSON line per event,
 * each forced to disk before the call it announces:
 *
 * <ul>
 *   <li>{@code {"stream":NAME}}: the file's first line;
 *   <li>{@code {"append":OFFSET,"ids":[...]}}: written <b>before</b> the rows go out at that
 *       offset. A later line with the same offset replaces it (the rows a row error left over);
 *   <li>{@code {"finalized":ROW_COUNT,"at":INSTANT}}: the stream is finalized and holds exactly
 *       that many rows, so every append that ends at or below it landed, and none above it did.
 * </ul>
 *
 * The message ids of the appends known to have landed form the index {@link #written}, which the
 * writer consults for every row: a redelivered message whose row is in BigQuery is not appended
 * again. A stream's file and its ids are dropped once it has been finalized for longer than the
 * retention, counted from the server's start at the earliest (the redeliveries of a crash come
 * after the restart). A torn last line (a kill during the write) is an append that never went out,
 * because a line is on disk before its append is sent.
 */
final class AppendLedger {
  private static final Logger LOG = Logger.getLogger(AppendLedger.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Clock clock;
  private final Duration retention;
  private final Instant startedAt;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final Map<Path, StreamLog> logs = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * Opens the ledger in {@code directory} (created if missing) and reads every stream file.
   *
   * @throws UncheckedIOException when the directory cannot be read or created
   */
  AppendLedger(Path directory, Clock clock, Duration retention) {
    this.directory = directory;
    this.clock = clock;
    this.retention = retention;
    this.startedAt = clock.instant();
    try {
      Files.createDirectories(directory);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "stream-*.jsonl")) {
        for (Path f : files) {
          StreamLog log = StreamLog.read(f, this);
          if (log != null) {
            logs.put(f, log);
            if (log.finalizedRows >= 0) {
              log.indexLanded();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the append ledger in " + directory, e);
    }
  }

  Path directory() {
    return directory;
  }

  /** Whether the row of this message id is known to be in BigQuery. */
  boolean written(String messageId) {
    return written.contains(messageId);
  }

  /** The ids of rows known to be in BigQuery, for tests and logs. */
  int writtenCount() {
    return written.size();
  }

  /** Streams of an earlier run that were never finalized: their last append is in doubt. */
  List<StreamLog> unfinished() {
    return logs.values().stream().filter(l -> l.finalizedRows < 0).toList();
  }

  /** Starts the file of a new stream; on disk before the first append to it. */
  StreamLog create(String streamName) throws IOException {
    Path f =
        directory.resolve("stream-" + clock.millis() + "-" + sequence.incrementAndGet() + ".jsonl");
    StreamLog log = new StreamLog(f, streamName, this);
    log.line(JSON.createObjectNode().put("stream", streamName));
    logs.put(f, log);
    return log;
  }

  /** Deletes the files of streams finalized longer than the retention ago, with their ids. */
  void prune() {
    Instant now = clock.instant();
    if (startedAt.plus(retention).isAfter(now)) {
      return;
    }
    for (StreamLog log : List.copyOf(logs.values())) {
      if (log.finalizedAt != null && log.finalizedAt.plus(retention).isBefore(now)) {
        log.forget();
        logs.remove(log.file);
        try {
          Files.deleteIfExists(log.file);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "Cannot delete the ledger file " + log.file, e);
        }
      }
    }
  }

  /** The ledger file of one write stream. Appends to one stream are made one at a time. */
  static final class StreamLog {
    private final Path file;
    private final String streamName;
    private final AppendLedger ledger;

    /** offset to the ids appended there, in offset order; the last line for an offset wins. */
    private final Map<Long, List<String>> appends = new LinkedHashMap<>();

    private FileChannel channel;
    private long finalizedRows = -1;
    private Instant finalizedAt;

    private StreamLog(Path file, String streamName, AppendLedger ledger) {
      this.file = file;
      this.streamName = streamName;
      this.ledger = ledger;
    }

    String streamName() {
      return streamName;
    }

    /** The offset of the last append written down, or -1. */
    synchronized long lastOffset() {
      long last = -1;
      for (long o : appends.keySet()) {
        last = Math.max(last, o);
      }
      return last;
    }

    /** Written down, and on disk, before the rows of {@code ids} are appended at {@code offset}. */
    synchronized void beforeAppend(long offset, List<String> ids) throws IOException {
      ObjectNode n = JSON.createObjectNode().put("append", offset);
      ArrayNode a = n.putArray("ids");
      ids.forEach(a::add);
      line(n);
      appends.put(offset, List.copyOf(ids));
    }

    /** The append at {@code offset} is in BigQuery (its answer, or ALREADY_EXISTS). */
    synchronized void landed(long offset) {
      List<String> ids = appends.get(offset);
      if (ids != null) {
        ledger.written.addAll(ids);
      }
    }

    /** The stream is finalized with {@code rowCount} rows: written down, and the ids indexed. */
    synchronized void finalized(long rowCount) throws IOException {
      Instant at = ledger.clock.instant();
      line(JSON.createObjectNode().put("finalized", rowCount).put("at", at.toString()));
      finalizedRows = rowCount;
      finalizedAt = at;
      indexLanded();
      close();
    }

    /**
     * A stream of an earlier run that can no longer be asked for its row count (not found): every
     * append but the last landed, since an append is only written down after the one before it
     * landed; the last one is taken as not landed, so its messages are appended again.
     */
    synchronized void lost() throws IOException {
      long last = lastOffset();
      long rows = 0;
      for (Map.Entry<Long, List<String>> e : appends.entrySet()) {
        if (e.getKey() != last) {
          rows = Math.max(rows, e.getKey() + e.getValue().size());
        }
      }
      finalized(rows);
    }

    private void indexLanded() {
      for (Map.Entry<Long, List<String>> e : appends.entrySet()) {
        long end = e.getKey() + e.getValue().size();
        if (end <= finalizedRows) {
          ledger.written.addAll(e.getValue());
        } else if (e.getKey() < finalizedRows) {
          LOG.severe(
              "Ledger "
                  + file
                  + ": the append at offset "
                  + e.getKey()
                  + " straddles the finalized row count "
                  + finalizedRows
                  + " of "
                  + streamName
                  + "; its rows are taken as written");
          ledger.written.addAll(e.getValue());
        }
      }
    }

    private void forget() {
      appends.values().forEach(ledger.written::removeAll);
    }

    private void line(JsonNode n) throws IOException {
      if (channel == null) {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      ByteBuffer b =
          ByteBuffer.wrap((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
    }

    synchronized void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.log(Level.FINE, "Closing " + file, e);
        }
        channel = null;
      }
    }

    /** Reads a stream file; null when it has no stream line (torn at creation). */
    static StreamLog read(Path file, AppendLedger ledger) throws IOException {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      StreamLog log = null;
      List<String> torn = new ArrayList<>();
      for (String text : lines) {
        JsonNode n;
        try {
          n = JSON.readTree(text);
        } catch (IOException e) {
          torn.add(text);
          continue;
        }
        if (n == null) {
          continue;
        }
        if (n.has("stream")) {
          log = new StreamLog(file, n.get("stream").asText(), ledger);
        } else if (log != null && n.has("append")) {
          List<String> ids = new ArrayList<>();
          n.get("ids").forEach(i -> ids.add(i.asText()));
          log.appends.put(n.get("append").asLong(), List.copyOf(ids));
        } else if (log != null && n.has("finalized")) {
          log.finalizedRows = n.get("finalized").asLong();
          log.finalizedAt = Instant.parse(n.get("at").asText());
        }
      }
      if (!torn.isEmpty()) {
        LOG.warning(
            "Ledger " + file + ": " + torn.size() + " unreadable line(s) skipped (a torn write)");
      }
      if (log == null) {
        Files.deleteIfExists(file);
      }
      return log;
    }
  }
}
