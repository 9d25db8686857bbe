package io.dataflow.sink.batch;

import io.dataflow.envelope.Envelope;
import io.dataflow.pipeline.Settlement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The outcome of a written batch: the records the destination rejected; all others were written.
 *
 * @param failures the rejected records, by index in the batch
 */
public record WriteResult(List<RecordFailure> failures) {
  private static final Logger LOG = Logger.getLogger(WriteResult.class.getName());
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

  /** Settles a written batch: acks the written messages and dead-letters the rejected ones. */
  public void settle(List<Message<Envelope>> messages, Settlement settlement) {
    Map<Integer, RecordFailure> failed = new HashMap<>();
    for (RecordFailure f : failures) {
      if (f.index() >= 0 && f.index() < messages.size()) {
        failed.putIfAbsent(f.index(), f);
      } else {
        LOG.warning(
            settlement.stage() + ": writer reported a failure for unknown index " + f.index());
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      RecordFailure f = failed.get(i);
      if (f == null) {
        settlement.ack(messages.get(i));
      } else {
        settlement.deadLetter(messages.get(i), f.reason(), f.error());
      }
    }
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
