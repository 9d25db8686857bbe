package io.dataflow.bus.local;

import io.dataflow.concurrent.Heartbeats;
import io.dataflow.metrics.Count;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * <p>Retention: once {@link #startRetention()} has run (the end of start-up), a subscription that
 * no consumer is attached to no longer keeps segments beyond the limits of {@link JournalOptions}:
 * while the segments hold more than {@code retentionBytes}, or the oldest closed segment was closed
 * longer than {@code retentionAge} ago, the oldest closed segment is deleted, and the messages such
 * a subscription had not acked in it are dropped for it, counted per subscription ({@link
 * #droppedByRetention}) and logged as a warning. A subscription with an attached consumer is never
 * cut: when it holds the oldest segment, nothing is deleted (its bounded queue blocks publishers,
 * so what it holds stays bounded).
 *
 * <p>Memory: what a subscription has not acked is kept as ranges of sequence numbers ({@link
 * SeqRanges}), not per message, and the messages themselves stay on disk until a replay reads them;
 * a backlog nobody consumes costs a few objects, whatever its length.
 *
 * <p>Reading the segments on start-up passes over a damaged record to the next intact one (see
 * {@link SegmentReader}), with a warning naming the segment, the offset and the bytes skipped,
 * counted in {@link #corruptFramesSkipped()} and {@link #skippedBytes()}; damaged or cut-short
 * bytes at the end of a segment are cut off.
 */
final class TopicJournal implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TopicJournal.class.getName());
  private static final long TIME_MARK_MILLIS = 100;
  // Above this many time marks every other one is dropped: the age gets coarser, memory stays put.
  static final int MAX_TIME_MARKS = 4096;
  private static final String BYTES_REASON = "the journal holds ";

  /** A journaled message: its sequence number and the stage completing once it is durable. */
  record Appended(long seq, CompletableFuture<Void> durable) {}

  private final String topic;
  private final Clock clock;
  // Unacked sequence numbers per known subscription; the map is guarded by this.
  private final Map<String, SeqRanges> pending = new LinkedHashMap<>();
  // Subscriptions a consumer has attached to in this process; guarded by this.
  private final Set<String> attached = new HashSet<>();
  // Messages deleted by retention before the subscription acked them, since start-up.
  private final Map<String, Count> dropped = new ConcurrentHashMap<>();
  private final long retentionBytes;
  private final Duration retentionAge;
  // Whether retention cuts subscriptions without a consumer (after start-up); guarded by this.
  private boolean retentionStarted;
  // What the last clean-up found keeping the journal above its limits; guarded by this.
  private String retentionBlockedBy;
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
    this.retentionBytes = options.retentionBytes();
    this.retentionAge = options.retentionAge();
    Files.createDirectories(dir);
    NavigableMap<Long, Path> segments = SegmentLog.list(dir);
    for (Map.Entry<Long, Path> segment : segments.entrySet()) {
      // A new segment must not take the name of an existing one, even an empty one.
      lastSeq = Math.max(lastSeq, segment.getKey());
      recover(segment.getValue());
    }
    // The flusher may run a clean-up before this returns: it waits for the lock, and log is set.
    synchronized (this) {
      this.log =
          new SegmentLog(
              dir,
              lastSeq + 1,
              segments,
              options,
              files,
              clock,
              this::header,
              this::cleanUp,
              heartbeats);
    }
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
            for (SeqRanges unacked : pending.values()) {
              unacked.add(r.seq());
            }
            if (!marked) {
              timeMarks.put(r.seq(), recordTime);
              marked = true;
            }
          }
          case JournalRecord.ACK -> {
            SeqRanges unacked = pending.get(r.subscription());
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

  private SeqRanges known(String subscription) {
    return pending.computeIfAbsent(subscription, s -> new SeqRanges());
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
    for (SeqRanges unacked : pending.values()) {
      unacked.add(seq);
    }
    long now = clock.millis();
    Map.Entry<Long, Long> last = timeMarks.lastEntry();
    if (last == null || now - last.getValue() >= TIME_MARK_MILLIS) {
      timeMarks.put(seq, now);
      if (timeMarks.size() > MAX_TIME_MARKS) {
        thinTimeMarks();
      }
    }
    return new Appended(seq, durable);
  }

  /**
   * Drops every other time mark but the first and the last, so that a backlog kept for days (a
   * subscription without a consumer, within the retention limits) costs a bounded number of marks.
   */
  private void thinTimeMarks() {
    Long first = timeMarks.firstKey();
    Long last = timeMarks.lastKey();
    boolean drop = false;
    for (Long key : timeMarks.keySet()) {
      if (drop && !key.equals(first) && !key.equals(last)) {
        timeMarks.remove(key);
      }
      drop = !drop;
    }
  }

  /**
   * Records that a subscription is done with a message (not forced: a lost ack is a redelivery).
   */
  synchronized void ack(String subscription, long seq) {
    SeqRanges unacked = pending.get(subscription);
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
    SeqRanges unacked = pending.get(subscription);
    if (attached.add(subscription) && unacked != null && retentionStarted) {
      LOG.info(
          "Local topic "
              + topic
              + ": a consumer attached to subscription "
              + subscription
              + " after start-up; retention no longer deletes what it has not acked");
    }
    if (unacked == null) {
      unacked = known(subscription);
      try {
        log.append(JournalRecord.subscribe(subscription, lastSeq));
      } catch (IOException e) {
        // Not recorded: the next attach tries again.
        pending.remove(subscription);
        attached.remove(subscription);
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
    return lowestUnacked(false);
  }

  /**
   * The lowest sequence number a subscription has not acked, or lastSeq + 1; with {@code
   * protectedOnly}, only among those retention does not cut.
   */
  private synchronized long lowestUnacked(boolean protectedOnly) {
    long lowest = lastSeq + 1;
    for (Map.Entry<String, SeqRanges> e : pending.entrySet()) {
      if (protectedOnly && !isProtected(e.getKey())) {
        continue;
      }
      lowest = Math.min(lowest, e.getValue().first(lowest));
    }
    return lowest;
  }

  /** Whether retention leaves the subscription's messages alone: before start-up ends, or live. */
  private boolean isProtected(String subscription) {
    return !retentionStarted || attached.contains(subscription);
  }

  /** What one clean-up dropped for one subscription. */
  private static final class Loss {
    long messages;
    long from = Long.MAX_VALUE;
    long to;
  }

  /**
   * Deletes the oldest segments whose messages every known subscription has acked, then, beyond the
   * retention limits, the oldest ones held only by subscriptions without a consumer (see the class
   * comment). Runs after every flush, and when retention starts.
   */
  synchronized void cleanUp() {
    if (log == null) {
      return;
    }
    NavigableMap<Long, Path> segments = log.segments();
    NavigableMap<Long, SegmentLog.Closed> closed = log.closedSegments();
    long total = log.currentBytes();
    for (SegmentLog.Closed c : closed.values()) {
      total += c.bytes();
    }
    long now = clock.millis();
    long lowest = lowestUnacked(false);
    Map<String, Loss> losses = new LinkedHashMap<>();
    // Why segments went, by limit: the first reason found for each (with the largest figure).
    Map<String, String> reasons = new LinkedHashMap<>();
    int deleted = 0;
    String blockedBy = null;
    String blockedReason = null;
    for (Map.Entry<Long, SegmentLog.Closed> segment : closed.entrySet()) {
      long first = segment.getKey();
      Long next = segments.higherKey(first);
      if (next == null) {
        break;
      }
      if (next > lowest) {
        String reason = retentionReason(total, segment.getValue(), now);
        if (reason == null) {
          break;
        }
        long protectedLowest = lowestUnacked(true);
        if (next > protectedLowest) {
          blockedBy = holder(protectedLowest);
          blockedReason = reason;
          break;
        }
        reasons.putIfAbsent(reason.startsWith(BYTES_REASON) ? "bytes" : "age", reason);
        for (Map.Entry<String, SeqRanges> e : pending.entrySet()) {
          long from = e.getValue().first(next);
          long n = e.getValue().removeBelow(next);
          if (n > 0) {
            Loss loss = losses.computeIfAbsent(e.getKey(), k -> new Loss());
            loss.messages += n;
            loss.from = Math.min(loss.from, from);
            loss.to = next - 1;
            droppedCount(e.getKey()).add(n);
          }
        }
        lowest = lowestUnacked(false);
        deleted++;
      }
      try {
        log.delete(first);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Cannot delete journal segment " + segments.get(first), e);
        break;
      }
      total -= segment.getValue().bytes();
    }
    reportBlocked(blockedBy, blockedReason);
    if (!losses.isEmpty()) {
      reportLosses(losses, reasons, deleted);
    }
    Long mark = timeMarks.floorKey(lowest);
    if (mark != null) {
      timeMarks.headMap(mark).clear();
    }
  }

  /** Why retention deletes a closed segment, or null when the journal is within its limits. */
  private String retentionReason(long total, SegmentLog.Closed segment, long now) {
    if (!retentionStarted) {
      return null;
    }
    if (total > retentionBytes) {
      return BYTES_REASON
          + total
          + " bytes, above "
          + JournalSettings.RETENTION_BYTES.key()
          + "="
          + retentionBytes;
    }
    long age = now - segment.closedMillis();
    if (age > retentionAge.toMillis()) {
      return "its oldest segment was closed "
          + Duration.ofMillis(age).truncatedTo(ChronoUnit.SECONDS)
          + " ago, longer than "
          + JournalSettings.RETENTION_AGE.key()
          + "="
          + retentionAge;
    }
    return null;
  }

  /** The protected subscription whose oldest unacked message is {@code seq}. */
  private String holder(long seq) {
    for (Map.Entry<String, SeqRanges> e : pending.entrySet()) {
      if (isProtected(e.getKey()) && e.getValue().first(-1) == seq) {
        return e.getKey();
      }
    }
    return "?";
  }

  /** Warns once when a subscription with a consumer keeps the journal above its limits. */
  private void reportBlocked(String blockedBy, String reason) {
    if (blockedBy != null && !blockedBy.equals(retentionBlockedBy)) {
      LOG.warning(
          "Local topic "
              + topic
              + ": above its journal retention limit ("
              + reason
              + "), but subscription "
              + blockedBy
              + ", whose consumer is attached, has not acked the oldest segment's messages, and"
              + " retention never cuts a subscription with a consumer: nothing is deleted until it"
              + " acks them; its bounded queue blocks publishers meanwhile");
    }
    retentionBlockedBy = blockedBy;
  }

  private void reportLosses(Map<String, Loss> losses, Map<String, String> reasons, int deleted) {
    for (Map.Entry<String, Loss> e : losses.entrySet()) {
      Loss loss = e.getValue();
      LOG.warning(
          "Local topic "
              + topic
              + ": journal retention deleted "
              + deleted
              + " segment(s) ("
              + String.join("; ", reasons.values())
              + "): subscription "
              + e.getKey()
              + ", which no consumer is attached to, loses "
              + loss.messages
              + " messages it had not acked (sequence numbers "
              + loss.from
              + " to "
              + loss.to
              + "); they are not delivered to it, and dataflow_bus_journal_retention_dropped counts"
              + " them");
    }
  }

  /**
   * From now on retention cuts the subscriptions no consumer is attached to (the end of start-up),
   * and applies at once.
   */
  void startRetention() {
    synchronized (this) {
      retentionStarted = true;
    }
    cleanUp();
  }

  /** Known subscriptions that no consumer has attached to, with their backlog (in order). */
  synchronized Map<String, Long> unattached() {
    Map<String, Long> found = new LinkedHashMap<>();
    for (Map.Entry<String, SeqRanges> e : pending.entrySet()) {
      if (!attached.contains(e.getKey())) {
        found.put(e.getKey(), e.getValue().size());
      }
    }
    return found;
  }

  /** The subscriptions recorded in the journal. */
  synchronized List<String> subscriptions() {
    return List.copyOf(pending.keySet());
  }

  /** Messages of the journal the subscription has not acked (0 for an unknown one). */
  synchronized long backlog(String subscription) {
    SeqRanges unacked = pending.get(subscription);
    return unacked == null ? 0 : unacked.size();
  }

  /** Whether a consumer has attached to the subscription in this process. */
  synchronized boolean isAttached(String subscription) {
    return attached.contains(subscription);
  }

  /** Messages of the subscription that retention deleted before it acked them, since start-up. */
  long droppedByRetention(String subscription) {
    Count n = dropped.get(subscription);
    return n == null ? 0 : n.get();
  }

  /** The count of {@link #droppedByRetention}, to publish. */
  Count droppedCount(String subscription) {
    return dropped.computeIfAbsent(subscription, k -> new Count());
  }

  /** Ranges of unacked sequence numbers held for the subscription: its cost in memory (tests). */
  synchronized int unackedRanges(String subscription) {
    SeqRanges unacked = pending.get(subscription);
    return unacked == null ? 0 : unacked.rangeCount();
  }

  /** Append times held for the oldest-unacked age (tests). */
  int timeMarkCount() {
    return timeMarks.size();
  }

  /** The segment files, oldest first (tests). */
  NavigableMap<Long, Path> segments() {
    return log.segments();
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
