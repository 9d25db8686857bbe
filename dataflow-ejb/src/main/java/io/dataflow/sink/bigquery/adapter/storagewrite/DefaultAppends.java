package io.dataflow.sink.bigquery.adapter.storagewrite;

import static io.dataflow.sink.bigquery.adapter.storagewrite.StreamAppends.rethrow;
import static io.dataflow.sink.bigquery.adapter.storagewrite.StreamAppends.rows;

import com.google.cloud.bigquery.storage.v1.StreamWriter;
import io.dataflow.sink.batch.WriteResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Default mode, at least once: every write appends to the table's default stream, without offsets,
 * through one {@link StreamWriter} on the client's connection pool (several tables and writers
 * share multiplexed connections). Row errors are split off as in committed mode; any other failure
 * is retried, so an append whose answer was lost may be written twice (query with {@code QUALIFY}
 * on {@code message_id}, docs/bigquery.md).
 */
final class DefaultAppends implements StreamAppends {
  private final WriteStreams streams;
  private final StorageWriteMetrics metrics;
  private final Duration appendTimeout;
  private StreamWriter writer;

  DefaultAppends(WriteStreams streams, StorageWriteMetrics metrics, Duration appendTimeout) {
    this.streams = streams;
    this.metrics = metrics;
    this.appendTimeout = appendTimeout;
    metrics.watchOpenStreams(this::openStreams);
  }

  @Override
  public void open() throws IOException {
    writer();
  }

  private synchronized StreamWriter writer() throws IOException {
    if (writer == null || writer.isClosed()) {
      if (writer != null) {
        writer.close();
      }
      writer = streams.defaultStreamWriter();
    }
    return writer;
  }

  @Override
  public List<WriteResult.RecordFailure> append(List<Item> items) throws Exception {
    List<WriteResult.RecordFailure> failures = new ArrayList<>();
    List<Item> todo = items;
    while (!todo.isEmpty()) {
      StreamWriter w = writer();
      long start = System.nanoTime();
      try {
        w.append(RowMessages.protoRows(rows(todo)))
            .get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        metrics.appended(todo.size());
        return failures;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw rethrow(AppendFailure.of(e, w.getStreamName()));
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        AppendFailure f = AppendFailure.of(e, w.getStreamName());
        if (f.kind() != AppendFailure.Kind.ROW_ERRORS) {
          throw rethrow(f);
        }
        todo = StreamAppends.withoutRefused(todo, f, failures);
      } finally {
        metrics.appendTook(System.nanoTime() - start);
      }
    }
    return failures;
  }

  @Override
  public synchronized int openStreams() {
    return writer == null || writer.isClosed() ? 0 : 1;
  }

  @Override
  public synchronized void close() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
