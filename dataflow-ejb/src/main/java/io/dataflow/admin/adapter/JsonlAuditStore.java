package io.dataflow.admin.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataflow.admin.AuditEntry;
import io.dataflow.admin.AuditQuery;
import io.dataflow.admin.AuditStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail as JSON lines in {@code audit.jsonl} (one object per entry: at, user, action,
 * target, outcome, count, detail), each forced to disk before the action's answer. Append-only: at
 * {@code maxFileBytes} the file is renamed to {@code audit-<n>.jsonl} (n counts up) and a new one
 * is started; the server never deletes or rewrites an entry (removing old files is the operator's
 * decision). A line torn by a crash is cut off at open. A query reads every file, oldest first, and
 * keeps the newest matches: operator actions are few, so that stays small.
 */
public final class JsonlAuditStore implements AuditStore {
  static final String CURRENT = "audit.jsonl";
  private static final Pattern ROTATED = Pattern.compile("audit-(\\d{1,18})\\.jsonl");
  private static final Logger LOG = Logger.getLogger(JsonlAuditStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final long maxFileBytes;
  private FileChannel channel;
  private long size;

  public JsonlAuditStore(Path directory, long maxFileBytes) throws IOException {
    this.directory = Files.createDirectories(directory);
    this.maxFileBytes = maxFileBytes;
    cutTornTail();
    open();
  }

  /** The current file. */
  public Path file() {
    return directory.resolve(CURRENT);
  }

  @Override
  public synchronized void append(AuditEntry e) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("at", e.at().toString());
    n.put("user", e.user());
    n.put("action", e.action());
    n.put("target", e.target());
    n.put("outcome", e.outcome());
    n.put("count", e.count());
    n.put("detail", e.detail());
    byte[] line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    if (size > 0 && size + line.length > maxFileBytes) {
      rotate();
    }
    ByteBuffer buf = ByteBuffer.wrap(line);
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException ex) {
      channel.truncate(size);
      throw ex;
    }
    size += line.length;
  }

  @Override
  public synchronized List<AuditEntry> find(AuditQuery query) throws IOException {
    Deque<AuditEntry> newest = new ArrayDeque<>();
    for (Path file : oldestFirst()) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          AuditEntry e = parse(file, line);
          if (e != null && query.selects(e)) {
            newest.addLast(e);
            if (newest.size() > query.limit()) {
              newest.removeFirst();
            }
          }
        }
      }
    }
    List<AuditEntry> result = new ArrayList<>(newest);
    java.util.Collections.reverse(result);
    return result;
  }

  public synchronized void close() throws IOException {
    channel.close();
  }

  private static AuditEntry parse(Path file, String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(line);
      return new AuditEntry(
          Instant.parse(n.get("at").asText()),
          n.path("user").asText(),
          n.get("action").asText(),
          n.path("target").asText(),
          n.path("outcome").asText(),
          n.path("count").asLong(),
          n.path("detail").asText());
    } catch (IOException | RuntimeException e) {
      LOG.warning(file + ": skipped a malformed audit line (" + e.getMessage() + ")");
      return null;
    }
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  private void rotate() throws IOException {
    channel.close();
    long next = 1;
    for (Path p : rotated()) {
      Matcher m = ROTATED.matcher(p.getFileName().toString());
      if (m.matches()) {
        next = Math.max(next, Long.parseLong(m.group(1)) + 1);
      }
    }
    Path target = directory.resolve(String.format("audit-%06d.jsonl", next));
    Files.move(file(), target, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("Rotated " + file() + " to " + target);
    open();
  }

  private List<Path> rotated() throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "audit-*.jsonl")) {
      for (Path p : dir) {
        if (ROTATED.matcher(p.getFileName().toString()).matches()) {
          found.add(p);
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return found;
  }

  private List<Path> oldestFirst() throws IOException {
    List<Path> files = rotated();
    if (Files.exists(file())) {
      files.add(file());
    }
    return files;
  }

  /** Cuts a last line without its newline (a crash mid-write: that action was never answered). */
  private void cutTornTail() throws IOException {
    Path f = file();
    if (!Files.exists(f)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length = ch.size();
      long keep = length;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        ch.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < length) {
        ch.truncate(keep);
        ch.force(false);
        LOG.warning(f + ": cut a torn last audit line of " + (length - keep) + " bytes");
      }
    }
  }
}
