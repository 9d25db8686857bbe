package io.dataflow.sink.bigquery.adapter.storagewrite;

import static io.dataflow.sink.bigquery.adapter.storagewrite.StreamAppends.ids;
import static io.dataflow.sink.bigquery.adapter.storagewrite.StreamAppends.rethrow;
import static io.dataflow.sink.bigquery.adapter.storagewrite.StreamAppends.rows;

import com.google.protobuf.ByteString;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.TransientWriteException;
import io.grpc.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Committed mode, exactly once. Each write takes a {@link CommittedStream} of its own (one per
 * concurrent write; a new one when none is idle) and appends its rows at the stream's next offset,
 * after writing stream, offset and message ids to the {@link AppendLedger}. What follows:
 *
 * <ul>
 *   <li>the answer, or {@code ALREADY_EXISTS} (the client re-sent the append after a broken
 *       connection, and the first one had landed): the rows are written, their ids go to the
 *       ledger's index and the next offset moves past them;
 *   <li>row errors: BigQuery wrote none of the rows; the refused ones are returned, the others are
 *       appended again at the same offset;
 *   <li>{@code OUT_OF_RANGE} (a gap) or a finalized stream: nothing was written at that offset; the
 *       stream is finalized and retired, and the write fails as transient, so its retry goes to a
 *       new stream;
 *   <li>anything else (a timeout, a broken connection, throttling, a refusal): the outcome is
 *       unknown. The append is kept <b>in doubt</b> with its stream, which takes no other rows, and
 *       the write fails. When any of its messages comes back (the retry of the batch, or a
 *       redelivery) the same rows are re-sent at the same offset on a new connection, and answer or
 *       {@code ALREADY_EXISTS} both settle it as written. Finalizing the stream (rotation,
 *       shutdown, the next start-up) settles it too: its row count says whether the append landed.
 * </ul>
 *
 * A row whose message id the ledger's index holds is never appended again, nor one whose id another
 * write is appending at the same moment (it waits for that write's answer). Streams are finalized
 * and replaced once they hold {@code maxRows} rows or are {@code maxAge} old.
 */
final class CommittedAppends implements StreamAppends {
  private static final Logger LOG = Logger.getLogger(CommittedAppends.class.getName());

  /** An append whose outcome is not known yet; its stream takes no other rows until it is. */
  private static final class InDoubt {
    final CommittedStream stream;
    final long offset;
    final List<String> ids;
    final List<ByteString> rows;
    boolean settled;

    InDoubt(CommittedStream stream, long offset, List<String> ids, List<ByteString> rows) {
      this.stream = stream;
      this.offset = offset;
      this.ids = ids;
      this.rows = rows;
    }
  }

  private final WriteStreams streams;
  private final AppendLedger ledger;
  private final StorageWriteMetrics metrics;
  private final Clock clock;
  private final Duration appendTimeout;
  private final long maxRows;
  private final Duration maxAge;
  private final Executor closer;
  private final Deque<CommittedStream> idle = new ConcurrentLinkedDeque<>();
  private final Set<CommittedStream> open = ConcurrentHashMap.newKeySet();
  private final Map<String, InDoubt> inDoubt = new ConcurrentHashMap<>();

  /** Message ids of the appends under way, with whether each landed once it has answered. */
  private final Map<String, CompletableFuture<Boolean>> claims = new ConcurrentHashMap<>();

  CommittedAppends(
      WriteStreams streams,
      AppendLedger ledger,
      StorageWriteMetrics metrics,
      Clock clock,
      Duration appendTimeout,
      long maxRows,
      Duration maxAge,
      Executor closer) {
    this.streams = streams;
    this.ledger = ledger;
    this.metrics = metrics;
    this.clock = clock;
    this.appendTimeout = appendTimeout;
    this.maxRows = maxRows;
    this.maxAge = maxAge;
    this.closer = closer;
    metrics.watchOpenStreams(open::size);
  }

  /**
   * Settles the streams an earlier run left unfinalized (a crash): each is finalized, and its row
   * count says which of its appends landed. Then opens the first stream, which also proves that the
   * table may be written.
   */
  @Override
  public void open() throws Exception {
    for (AppendLedger.StreamLog log : ledger.unfinished()) {
      try {
        long rows = streams.finalizeStream(log.streamName());
        log.finalized(rows);
        LOG.info(
            "Settled write stream "
                + log.streamName()
                + " of an earlier run: "
                + rows
                + " rows; ledger "
                + ledger.directory());
      } catch (RuntimeException e) {
        Status.Code code = AppendFailure.code(e);
        if (AppendFailure.isPermissionDenied(e)) {
          throw AppendFailure.permissionDenied(log.streamName(), e);
        }
        if (code != Status.Code.NOT_FOUND) {
          throw e;
        }
        LOG.warning(
            "Write stream "
                + log.streamName()
                + " of an earlier run no longer exists; its last append ("
                + "offset "
                + log.lastOffset()
                + ") is taken as not written and its messages are appended again");
        log.lost();
      }
    }
    ledger.prune();
    idle.push(newStream());
  }

  /**
   * Appends a batch exactly once per message id. A row is skipped when the ledger's index holds its
   * id, or when the same id came twice in the batch. An id that another write is appending right
   * now (the bus delivered the message twice, e.g. its journal replay and the broker's redelivery
   * after a restart, and two workers hold the copies) is claimed by that write: this one appends
   * the rest first, then waits for that write's answer and appends the row only if it did not land.
   * Nothing is held while waiting, so two writes never wait for each other.
   */
  @Override
  public List<WriteResult.RecordFailure> append(List<Item> items) throws Exception {
    List<WriteResult.RecordFailure> failures = new ArrayList<>();
    List<Item> pending = items;
    while (!pending.isEmpty()) {
      settleInDoubt(pending);
      CompletableFuture<Boolean> claim = new CompletableFuture<>();
      List<Item> mine = new ArrayList<>(pending.size());
      Map<Item, CompletableFuture<Boolean>> theirs = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      int skipped = 0;
      for (Item i : pending) {
        String id = i.messageId();
        if (!seen.add(id) || ledger.written(id)) {
          skipped++;
          continue;
        }
        CompletableFuture<Boolean> other = claims.putIfAbsent(id, claim);
        if (other == null) {
          mine.add(i);
        } else {
          theirs.put(i, other);
        }
      }
      metrics.alreadyWritten(skipped);
      boolean landed = false;
      try {
        appendClaimed(mine, failures);
        landed = true;
      } finally {
        claim.complete(landed);
        for (Item i : mine) {
          claims.remove(i.messageId(), claim);
        }
      }
      List<Item> again = new ArrayList<>();
      for (Map.Entry<Item, CompletableFuture<Boolean>> e : theirs.entrySet()) {
        boolean written;
        try {
          written = e.getValue().get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillAppending) {
          written = false; // looked at again: still claimed, or written, or free
        }
        if (!written || !ledger.written(e.getKey().messageId())) {
          again.add(e.getKey());
        }
      }
      pending = again;
    }
    return failures;
  }

  /** Appends rows whose message ids this write has claimed; refused rows go to {@code failures}. */
  private void appendClaimed(List<Item> todo, List<WriteResult.RecordFailure> failures)
      throws Exception {
    if (todo.isEmpty()) {
      return;
    }
    CommittedStream stream = take();
    while (true) {
      long offset = stream.nextOffset();
      List<ByteString> rows = rows(todo);
      stream.log().beforeAppend(offset, ids(todo));
      try {
        stream.append(rows, offset, appendTimeout, metrics);
        landed(stream, offset, rows.size());
        return;
      } catch (AppendFailure f) {
        switch (f.kind()) {
          case ALREADY_WRITTEN -> {
            landed(stream, offset, rows.size());
            return;
          }
          case ROW_ERRORS -> {
            todo = StreamAppends.withoutRefused(todo, f, failures);
            if (todo.isEmpty()) {
              release(stream);
              return;
            }
          }
          case GAP, STREAM_FINALIZED -> {
            retire(stream);
            throw new TransientWriteException(
                "Nothing was written at offset "
                    + offset
                    + " of "
                    + stream.name()
                    + " ("
                    + f.getMessage()
                    + "); the rows go to a new stream",
                f);
          }
          case SCHEMA_MISMATCH -> {
            // Refused as a whole, so nothing is in doubt. A committed stream keeps the table
            // schema it was created with; the next try takes a new stream, which has the table's
            // current columns (a column added by tables.patch is seen by new streams).
            retire(stream);
            throw f;
          }
          default -> {
            park(new InDoubt(stream, offset, ids(todo), rows));
            throw rethrow(f);
          }
        }
      }
    }
  }

  private void landed(CommittedStream stream, long offset, int rows) {
    stream.landed(offset, rows);
    stream.log().landed(offset);
    metrics.appended(rows);
    release(stream);
  }

  /** Settles the appends in doubt that hold any of these messages, before they are appended. */
  private void settleInDoubt(List<Item> items) throws Exception {
    Set<InDoubt> touched = new LinkedHashSet<>();
    for (Item i : items) {
      InDoubt d = inDoubt.get(i.messageId());
      if (d != null) {
        touched.add(d);
      }
    }
    for (InDoubt d : touched) {
      settle(d);
    }
  }

  /** Re-sends an append in doubt at its offset on a new connection. */
  private void settle(InDoubt d) throws Exception {
    synchronized (d) {
      if (d.settled) {
        return;
      }
      CommittedStream stream = d.stream;
      stream.reconnect();
      try {
        stream.append(d.rows, d.offset, appendTimeout, metrics);
      } catch (AppendFailure f) {
        switch (f.kind()) {
          case ALREADY_WRITTEN -> {}
          case ROW_ERRORS -> {
            // Nothing was written; the rows go through the normal path, which splits them.
            unpark(d);
            release(stream);
            return;
          }
          case GAP, STREAM_FINALIZED -> {
            // Its row count says whether the append landed; the ledger indexes it if it did.
            finalizeStream(stream);
            unpark(d);
            return;
          }
          default -> throw rethrow(f);
        }
      }
      LOG.info(
          "The append in doubt at offset " + d.offset + " of " + stream.name() + " is written");
      unpark(d);
      landed(stream, d.offset, d.rows.size());
    }
  }

  private void park(InDoubt d) {
    for (String id : d.ids) {
      inDoubt.put(id, d);
    }
  }

  private void unpark(InDoubt d) {
    d.settled = true;
    for (String id : d.ids) {
      inDoubt.remove(id, d);
    }
  }

  /** An idle stream, or a new one; a stream that is due is finalized first. */
  private CommittedStream take() throws Exception {
    for (CommittedStream s = idle.poll(); s != null; s = idle.poll()) {
      if (!s.due(maxRows, maxAge, clock.instant())) {
        return s;
      }
      retire(s);
    }
    return newStream();
  }

  private void release(CommittedStream stream) {
    if (stream.due(maxRows, maxAge, clock.instant())) {
      retire(stream);
    } else {
      idle.push(stream);
    }
  }

  private CommittedStream newStream() throws Exception {
    String name;
    try {
      name = streams.createCommitted();
    } catch (RuntimeException e) {
      if (AppendFailure.isPermissionDenied(e)) {
        throw AppendFailure.permissionDenied("table " + streams.table(), e);
      }
      throw rethrow(AppendFailure.of(e, "table " + streams.table()));
    }
    CommittedStream s =
        new CommittedStream(name, ledger.create(name), clock.instant(), streams, closer);
    open.add(s);
    return s;
  }

  /** Finalizes a stream and takes it out of use; a failure leaves it to the next start-up. */
  private void retire(CommittedStream stream) {
    try {
      finalizeStream(stream);
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "Cannot finalize write stream "
              + stream.name()
              + "; the next start-up settles it from the ledger",
          e);
      open.remove(stream);
      stream.closeWriter();
    }
  }

  private void finalizeStream(CommittedStream stream) throws IOException {
    open.remove(stream);
    stream.closeWriter();
    long rows = streams.finalizeStream(stream.name());
    stream.log().finalized(rows);
    ledger.prune();
  }

  @Override
  public int openStreams() {
    return open.size();
  }

  /** Finalizes every stream, those with an append in doubt too (their row count settles it). */
  @Override
  public void close() {
    idle.clear();
    for (CommittedStream s : List.copyOf(open)) {
      retire(s);
    }
    inDoubt.clear();
  }
}
