package io.dataflow.sink.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A buffer that keeps the records as they are, for writers that send rows (the BigQuery sink).
 *
 * @param <R> the record type
 */
public final class ListBuffer<R> implements BatchBuffer<R> {
  private final List<R> records = new ArrayList<>();
  private long bytes;

  /** A factory for {@link KeyedBatcher#builder(BatchBuffer.Factory, BatchWriter)}. */
  public static <K, R> BatchBuffer.Factory<K, ListBuffer<R>> factory() {
    return key -> new ListBuffer<>();
  }

  @Override
  public void add(R record, long recordBytes) {
    records.add(record);
    bytes += recordBytes;
  }

  @Override
  public long bufferedBytes() {
    return bytes;
  }

  /** The records in arrival order; the same order as the batch's messages. */
  public List<R> records() {
    return Collections.unmodifiableList(records);
  }
}
