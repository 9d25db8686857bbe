package io.dataflow.loadgen.verify;

import java.io.IOException;
import java.util.function.Consumer;

/** Reads every record a sink wrote and passes on those that are generated messages. */
public interface SinkReader {
  /**
   * What a scan found.
   *
   * @param present whether the store exists at all
   * @param location where it was read
   * @param records records read
   * @param unreadable records (or files) that could not be read, e.g. cut short by a crash
   * @param note what the write time means for this store, or why it is absent
   */
  record Scan(boolean present, String location, long records, long unreadable, String note) {}

  /** The sink's name in reports: {@code warehouse} or {@code archive}. */
  String name();

  /** The dead-letter stage whose entries excuse a message missing from this sink. */
  String stage();

  Scan read(Consumer<Observation> sink) throws IOException;
}
