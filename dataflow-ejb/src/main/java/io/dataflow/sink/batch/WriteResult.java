package io.dataflow.sink.batch;

import java.util.List;

/**
 * The outcome of a written batch: the records the destination rejected; all others were written.
 *
 * @param failures the rejected records, by index in the batch
 */
public record WriteResult(List<RecordFailure> failures) {
  private static final WriteResult SUCCESS = new WriteResult(List.of());

  public WriteResult {
    failures = List.copyOf(failures);
  }

  /** Every record was written. */
  public static WriteResult success() {
    return SUCCESS;
  }

  public static WriteResult rejected(List<RecordFailure> failures) {
    return new WriteResult(failures);
  }

  /**
   * One record the destination refused; it goes to the dead letter.
   *
   * @param index its position in the batch
   * @param reason a short reason code (e.g. BigQuery's {@code invalid})
   * @param error the destination's message
   */
  public record RecordFailure(int index, String reason, String error) {}
}
