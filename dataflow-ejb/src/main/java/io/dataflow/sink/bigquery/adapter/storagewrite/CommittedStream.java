package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.api.core.ApiFuture;
import com.google.cloud.bigquery.storage.v1.AppendRowsResponse;
import com.google.cloud.bigquery.storage.v1.StreamWriter;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One COMMITTED write stream and the offset of its next append: the lane of one sink worker. It is
 * used by one write at a time ({@link CommittedAppends} hands it out), so its appends are
 * sequential and an append is only sent once the one before it has landed.
 */
final class CommittedStream {
  private final String name;
  private final AppendLedger.StreamLog log;
  private final Instant createdAt;
  private final WriteStreams streams;
  private final Executor closer;
  private StreamWriter writer;
  private long nextOffset;

  CommittedStream(
      String name,
      AppendLedger.StreamLog log,
      Instant createdAt,
      WriteStreams streams,
      Executor closer)
      throws IOException {
    this.name = name;
    this.log = log;
    this.createdAt = createdAt;
    this.streams = streams;
    this.closer = closer;
    this.writer = streams.exclusiveWriter(name);
  }

  String name() {
    return name;
  }

  AppendLedger.StreamLog log() {
    return log;
  }

  long nextOffset() {
    return nextOffset;
  }

  /** The append at {@code offset} of {@code rows} rows landed: the next one follows it. */
  void landed(long offset, int rows) {
    nextOffset = offset + rows;
  }

  /** Whether the stream should be finalized and replaced, by its rows or its age. */
  boolean due(long maxRows, Duration maxAge, Instant now) {
    return nextOffset >= maxRows || !createdAt.plus(maxAge).isAfter(now);
  }

  /**
   * Appends {@code rows} at {@code offset} and waits up to {@code timeout} for the answer.
   *
   * @throws AppendFailure how it failed; a timeout is {@link AppendFailure.Kind#TRANSIENT}
   */
  AppendRowsResponse append(
      List<ByteString> rows, long offset, Duration timeout, StorageWriteMetrics metrics)
      throws AppendFailure {
    long start = System.nanoTime();
    try {
      ApiFuture<AppendRowsResponse> f = writer.append(RowMessages.protoRows(rows), offset);
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AppendFailure.of(e, name);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw AppendFailure.of(e, name);
    } finally {
      metrics.appendTook(System.nanoTime() - start);
    }
  }

  /**
   * Replaces the stream writer with a new connection to the same stream, after a failure whose
   * outcome is unknown; the old one is closed in the background (its close waits for its calls).
   */
  void reconnect() throws IOException {
    StreamWriter old = writer;
    writer = streams.exclusiveWriter(name);
    closer.execute(old::close);
  }

  /** Closes the stream writer in the background. */
  void closeWriter() {
    StreamWriter old = writer;
    closer.execute(old::close);
  }

  @Override
  public String toString() {
    return name + "@" + nextOffset;
  }
}
