package io.dataflow.bus.local;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;

/**
 * The backlog of one subscription, read lazily from the journal segments in sequence order: the
 * messages up to {@code boundary} (the last one published when the consumer attached) that the
 * subscription has not acked. Reading lazily, one message per free delivery slot, keeps memory
 * bounded and needs no room in the subscription's queue. A damaged record is passed over as on
 * start-up ({@link SegmentReader}).
 */
final class JournalReplay {
  private final Iterator<Path> segments;
  private final long boundary;
  private final NavigableSet<Long> unacked;
  private SegmentReader in;
  private int remaining;
  private boolean done;

  JournalReplay(List<Path> segments, long boundary, NavigableSet<Long> unacked) {
    this.segments = segments.iterator();
    this.boundary = boundary;
    this.unacked = unacked;
    this.remaining = unacked.headSet(boundary, true).size();
  }

  /** The next message to replay, or null when the backlog is done. */
  synchronized JournalRecord next() throws IOException {
    while (!done) {
      if (in == null && !openNext()) {
        return finish();
      }
      SegmentReader.Frame f = in.next();
      JournalRecord r = f == null ? null : f.record();
      if (r == null) {
        in.close();
        in = null;
      } else if (r.type() == JournalRecord.PUBLISH) {
        if (r.seq() > boundary) {
          return finish();
        }
        if (unacked.contains(r.seq())) {
          remaining--;
          return r;
        }
      }
    }
    return null;
  }

  /** Messages still to replay (approximate: acks from elsewhere are not subtracted). */
  synchronized int remaining() {
    return done ? 0 : Math.max(remaining, 0);
  }

  synchronized boolean isDone() {
    return done;
  }

  /** Ends the replay early; whatever was not replayed stays unacked in the journal. */
  synchronized void abort() throws IOException {
    finish();
  }

  private boolean openNext() throws IOException {
    while (segments.hasNext()) {
      try {
        in = new SegmentReader(segments.next());
        return true;
      } catch (NoSuchFileException e) {
        // Deleted since the replay started: every message in it was acked.
      }
    }
    return false;
  }

  private JournalRecord finish() throws IOException {
    done = true;
    if (in != null) {
      in.close();
      in = null;
    }
    return null;
  }
}
