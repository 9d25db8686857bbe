package io.dataflow.bus.local;

import io.dataflow.concurrent.Heartbeats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write-ahead journal of one local topic: which messages were published (with their sequence
 * numbers), which subscriptions exist, and which messages each subscription has acked. A
 * subscription recorded here keeps every message published after it was created until it acks it,
 * also across restarts and also while no consumer is attached (as in Pub/Sub); {@link #attach}
 * hands a consumer the backlog to replay. Segments are deleted once every known subscription has
 * acked all their messages.
 *
 * <p>Reading the segments on start-up passes over a damaged record to the next intact one (see
 * {@link SegmentReader}), with a warning naming the segment, the offset and the bytes skipped,
 * counted in {@link #corruptFramesSkipped()} and {@link #skippedBytes()}; damaged or cut-short
 * bytes at the end of a segment are cut off.
 */
final class TopicJournal implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TopicJournal.class.getName());
  private static final long TIME_MARK_MILLIS = 100;

  /** A journaled message: its sequence number and the stage completing once it is durable. */
  record Appended(long seq, CompletableFuture<Void> durable) {}

  private final String topic;
  private final Clock clock;
  // Unacked sequence numbers per known subscription; the map is guarded by this.
  private final Map<String, NavigableSet<Long>> pending = new LinkedHashMap<>();
  // Append time of some sequence numbers (one per TIME_MARK_MILLIS), for the oldest-unacked age.
  private final NavigableMap<Long, Long> timeMarks = new ConcurrentSkipListMap<>();
  private final SegmentLog log;
  private long lastSeq;
  private long corruptFramesSkipped;
  private long skippedBytes;

  private TopicJournal(
      String topic,
      Path dir,
      JournalOptions options,
      JournalFiles files,
      Clock clock,
      Heartbeats heartbeats)
      throws IOException {
    this.topic = topic;
    this.clock = clock;
    Files.createDirectories(dir);
    NavigableMap<Long, Path> segments = SegmentLog.list(dir);
    for (Map.Entry<Long, Path> segment : segments.entrySet()) {
      // A new segment must not take the name of an existing one, even an empty one.
      lastSeq = Math.max(lastSeq, segment.getKey());
      recover(segment.getValue());
    }
    this.log =
        new SegmentLog(
            dir, lastSeq + 1, segments, options, files, this::header, this::cleanUp, heartbeats);
  }

  /**
   * Opens (or creates) the journal of a topic in its directory, reading what it holds; its flusher
   * is watched by {@code heartbeats}.
   */
  static TopicJournal open(
      String topic,
      Path dir,
      JournalOptions options,
      JournalFiles files,
      Clock clock,
      Heartbeats heartbeats) {
    try {
      return new TopicJournal(topic, dir, options, files, clock, heartbeats);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot open the journal of local topic " + topic + " in " + dir + ": " + e, e);
    }
  }

  private void recover(Path segment) throws IOException {
    long recordTime =
        Files.readAttributes(segment, BasicFileAttributes.class).creationTime().toMillis();
    boolean marked = false;
    long end;
    try (SegmentReader in = new SegmentReader(segment)) {
      SegmentReader.Frame f;
      while ((f = in.next()) != null) {
        if (f.skipped() > 0) {
          skipped(segment, f);
        }
        JournalRecord r = f.record();
        switch (r.type()) {
          case JournalRecord.SUBSCRIBE -> known(r.subscription());
          case JournalRecord.PUBLISH -> {
            lastSeq = Math.max(lastSeq, r.seq());
            for (NavigableSet<Long> unacked : pending.values()) {
              unacked.add(r.seq());
            }
            if (!marked) {
              timeMarks.put(r.seq(), recordTime);
              marked = true;
            }
          }
          case JournalRecord.ACK -> {
            NavigableSet<Long> unacked = pending.get(r.subscription());
            if (unacked != null) {
              unacked.remove(r.seq());
            }
          }
          default -> LOG.warning(() -> "Unknown journal record type in " + segment);
        }
      }
      end = in.end();
    }
    long size = Files.size(segment);
    if (end < size) {
      LOG.warning(
          () ->
              "Journal segment "
                  + segment
                  + ": cutting off "
                  + (size - end)
                  + " bytes after offset "
                  + end
                  + " (a record cut short by a crash, or damaged)");
      try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        c.truncate(end);
        c.force(true);
      } catch (IOException e) {
        // Harmless: nothing is appended to an old segment, and reading stops there again.
        LOG.log(Level.WARNING, "Cannot cut off the end of journal segment " + segment, e);
      }
    }
  }

  private void skipped(Path segment, SegmentReader.Frame f) {
    corruptFramesSkipped++;
    skippedBytes += f.skipped();
    LOG.warning(
        () ->
            "Journal segment "
                + segment
                + ": skipped "
                + f.skipped()
                + " damaged bytes at offset "
                + (f.offset() - f.skipped())
                + " (a record whose length or checksum is wrong); reading on from offset "
                + f.offset());
  }

  private NavigableSet<Long> known(String subscription) {
    return pending.computeIfAbsent(subscription, s -> new ConcurrentSkipListSet<>());
  }

  /** The first records of every new segment: the known subscriptions. */
  private List<JournalRecord> header() {
    List<JournalRecord> records = new ArrayList<>();
    for (String s : pending.keySet()) {
      records.add(JournalRecord.subscribe(s, lastSeq));
    }
    return records;
  }

  /** Appends a message for every known subscription; see {@link Appended}. */
  synchronized Appended publish(byte[] envelope) {
    long seq = lastSeq + 1;
    CompletableFuture<Void> durable;
    try {
      durable = log.appendDurably(JournalRecord.publish(seq, envelope));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot journal a message of local topic " + topic, e);
    }
    lastSeq = seq;
    for (NavigableSet<Long> unacked : pending.values()) {
      unacked.add(seq);
    }
    long now = clock.millis();
    Map.Entry<Long, Long> last = timeMarks.lastEntry();
    if (last == null || now - last.getValue() >= TIME_MARK_MILLIS) {
      timeMarks.put(seq, now);
    }
    return new Appended(seq, durable);
  }

  /**
   * Records that a subscription is done with a message (not forced: a lost ack is a redelivery).
   */
  synchronized void ack(String subscription, long seq) {
    NavigableSet<Long> unacked = pending.get(subscription);
    if (unacked == null || !unacked.remove(seq)) {
      return;
    }
    try {
      log.append(JournalRecord.ack(subscription, seq));
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "Cannot journal the ack of message " + seq + " by " + topic + "/" + subscription,
          e);
    }
  }

  /**
   * Registers a consumer of the subscription (recording the subscription if it is new) and returns
   * its backlog: the messages published up to now that it has not acked, or null if there are none.
   * Later messages reach it through its queue; the caller makes the two steps atomic with publish.
   */
  synchronized JournalReplay attach(String subscription) {
    NavigableSet<Long> unacked = pending.get(subscription);
    if (unacked == null) {
      unacked = known(subscription);
      try {
        log.append(JournalRecord.subscribe(subscription, lastSeq));
      } catch (IOException e) {
        // Not recorded: the next attach tries again.
        pending.remove(subscription);
        throw new UncheckedIOException(
            "Cannot journal subscription " + subscription + " of local topic " + topic, e);
      }
      return null;
    }
    if (unacked.isEmpty()) {
      return null;
    }
    LOG.info(
        "Local topic "
            + topic
            + ": replaying "
            + unacked.size()
            + " unacked messages to subscription "
            + subscription);
    return new JournalReplay(List.copyOf(log.segments().values()), lastSeq, unacked);
  }

  /** The lowest sequence number some known subscription has not acked, or lastSeq + 1. */
  private synchronized long lowestUnacked() {
    long lowest = lastSeq + 1;
    for (NavigableSet<Long> unacked : pending.values()) {
      if (!unacked.isEmpty()) {
        lowest = Math.min(lowest, unacked.first());
      }
    }
    return lowest;
  }

  /** Deletes the oldest segments whose messages every known subscription has acked. */
  private void cleanUp() {
    long lowest = lowestUnacked();
    NavigableMap<Long, Path> segments = log.segments();
    for (Long first : segments.keySet()) {
      Long next = segments.higherKey(first);
      if (next == null || next > lowest) {
        break;
      }
      try {
        log.delete(first);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Cannot delete journal segment " + segments.get(first), e);
        break;
      }
    }
    Long mark = timeMarks.floorKey(lowest);
    if (mark != null) {
      timeMarks.headMap(mark).clear();
    }
  }

  /** What keeps the journal from writing, while its last write failed (see {@link SegmentLog}). */
  Optional<String> storageProblem() {
    return log.storageProblem();
  }

  /** Damaged stretches of the segments passed over when the journal was read on start-up. */
  long corruptFramesSkipped() {
    return corruptFramesSkipped;
  }

  /** Bytes of the damaged stretches passed over on start-up. */
  long skippedBytes() {
    return skippedBytes;
  }

  /** Bytes of the journal's segment files. */
  long bytes() {
    return log.bytes();
  }

  /** Seconds since the oldest message some known subscription has not acked was journaled. */
  double oldestUnackedAgeSeconds() {
    long lowest = lowestUnacked();
    if (lowest > lastSeqSnapshot()) {
      return 0;
    }
    Map.Entry<Long, Long> mark = timeMarks.floorEntry(lowest);
    return mark == null ? 0 : Math.max(0, clock.millis() - mark.getValue()) / 1000.0;
  }

  private synchronized long lastSeqSnapshot() {
    return lastSeq;
  }

  /** Forces everything to disk and stops the flusher; acks are still written afterwards. */
  @Override
  public void close() {
    log.close();
  }

  /** Stops without forcing anything, as a crash would (tests). */
  void abandon() {
    log.abandon();
  }
}
