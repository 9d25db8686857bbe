package io.dataflow.bus.local;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

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
  private final SeqRanges unacked;
  private SegmentReader in;
  private int remaining;
  private boolean done;

  JournalReplay(List<Path> segments, long boundary, SeqRanges unacked) {
    this.segments = segments.iterator();
    this.boundary = boundary;
    this.unacked = unacked;
    this.remaining = (int) Math.min(Integer.MAX_VALUE, unacked.countUpTo(boundary));
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
        // Deleted since the replay started: nothing in it is left for this subscription.
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
