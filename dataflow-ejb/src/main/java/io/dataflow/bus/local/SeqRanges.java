package io.dataflow.bus.local;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of message sequence numbers kept as ranges of consecutive numbers: the messages one
 * subscription has not acked. Memory grows with the number of ranges (gaps left by acks out of
 * order, at most about {@code max-in-flight} while a consumer is attached), not with the number of
 * messages, so a backlog of millions of messages that nothing consumes is one range. Thread-safe.
 */
final class SeqRanges {
  // First number of a range -> last number of it (inclusive); ranges do not touch or overlap.
  private final TreeMap<Long, Long> ranges = new TreeMap<>();
  private long size;

  /** Adds a number; usually one above every member (a publish), which extends the last range. */
  synchronized void add(long seq) {
    Map.Entry<Long, Long> below = ranges.floorEntry(seq);
    if (below != null && below.getValue() >= seq) {
      return;
    }
    boolean joinsBelow = below != null && below.getValue() == seq - 1;
    Long aboveEnd = ranges.get(seq + 1);
    if (joinsBelow && aboveEnd != null) {
      ranges.remove(seq + 1);
      ranges.put(below.getKey(), aboveEnd);
    } else if (joinsBelow) {
      ranges.put(below.getKey(), seq);
    } else if (aboveEnd != null) {
      ranges.remove(seq + 1);
      ranges.put(seq, aboveEnd);
    } else {
      ranges.put(seq, seq);
    }
    size++;
  }

  /** Removes a number (an ack); false if it was not a member. */
  synchronized boolean remove(long seq) {
    Map.Entry<Long, Long> e = ranges.floorEntry(seq);
    if (e == null || e.getValue() < seq) {
      return false;
    }
    long start = e.getKey();
    long end = e.getValue();
    ranges.remove(start);
    if (start < seq) {
      ranges.put(start, seq - 1);
    }
    if (seq < end) {
      ranges.put(seq + 1, end);
    }
    size--;
    return true;
  }

  synchronized boolean contains(long seq) {
    Map.Entry<Long, Long> e = ranges.floorEntry(seq);
    return e != null && e.getValue() >= seq;
  }

  synchronized boolean isEmpty() {
    return size == 0;
  }

  /** Members. */
  synchronized long size() {
    return size;
  }

  /** The lowest member, or {@code ifEmpty}. */
  synchronized long first(long ifEmpty) {
    return ranges.isEmpty() ? ifEmpty : ranges.firstKey();
  }

  /** Members up to {@code seq} (inclusive). */
  synchronized long countUpTo(long seq) {
    long n = 0;
    for (Map.Entry<Long, Long> e : ranges.headMap(seq, true).entrySet()) {
      n += Math.min(e.getValue(), seq) - e.getKey() + 1;
    }
    return n;
  }

  /** Removes every member below {@code seq} and returns how many there were. */
  synchronized long removeBelow(long seq) {
    long n = countUpTo(seq - 1);
    if (n == 0) {
      return 0;
    }
    Map.Entry<Long, Long> last = ranges.lowerEntry(seq);
    ranges.headMap(seq, false).clear();
    if (last.getValue() >= seq) {
      ranges.put(seq, last.getValue());
    }
    size -= n;
    return n;
  }

  /** Ranges held: what the set costs in memory. */
  synchronized int rangeCount() {
    return ranges.size();
  }

  @Override
  public synchronized String toString() {
    return ranges.toString();
  }
}
