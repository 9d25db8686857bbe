package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.protobuf.ByteString;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.RowRejectedException;
import io.dataflow.sink.bigquery.TransientWriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the serialised rows of a batch reach BigQuery: one class per write mode. */
interface StreamAppends extends AutoCloseable {
  /**
   * One row to append.
   *
   * @param index its position in the batch
   * @param messageId its message id (the envelope id)
   * @param row the row serialised against the writer schema
   */
  record Item(int index, String messageId, ByteString row) {}

  /** Opens the mode's streams (committed mode first settles what an earlier run left). */
  void open() throws Exception;

  /**
   * Appends the rows; the ones BigQuery refuses are returned and the others written.
   *
   * @throws TransientWriteException when a retry of the same rows may succeed
   * @throws AppendFailure when the table refuses the appends (permission, schema)
   */
  List<WriteResult.RecordFailure> append(List<Item> items) throws Exception;

  /** Write streams this writer holds open. */
  int openStreams();

  @Override
  void close();

  /**
   * Splits the refused rows of an append off {@code items}: adds them to {@code failures} (reason
   * {@value RowRejectedException#INVALID}, BigQuery's message) and returns the others.
   */
  static List<Item> withoutRefused(
      List<Item> items, AppendFailure refused, List<WriteResult.RecordFailure> failures)
      throws AppendFailure {
    Map<Integer, String> errors = refused.rowErrors();
    if (errors.isEmpty()) {
      throw refused; // no row named: nothing to split off, so not a row's fault
    }
    List<Item> rest = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String error = errors.get(i);
      if (error == null) {
        rest.add(items.get(i));
      } else {
        failures.add(
            new WriteResult.RecordFailure(
                items.get(i).index(), RowRejectedException.INVALID, error));
      }
    }
    return rest;
  }

  /** What a failed append that is not about single rows is thrown as. */
  static Exception rethrow(AppendFailure f) {
    if (f.kind() == AppendFailure.Kind.TRANSIENT) {
      return new TransientWriteException(f.getMessage(), f);
    }
    return f;
  }

  static List<String> ids(List<Item> items) {
    return items.stream().map(Item::messageId).toList();
  }

  static List<ByteString> rows(List<Item> items) {
    return items.stream().map(Item::row).toList();
  }
}
