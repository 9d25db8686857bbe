package io.dataflow.sink.batch;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Settles the messages of a sink once their outcome is known: written ones are acked, rejected ones
 * are dead-lettered and acked once the dead letter is accepted, and unwritten ones are nacked so
 * the bus redelivers them.
 */
public final class Settlement {
  private static final Logger LOG = Logger.getLogger(Settlement.class.getName());

  private final String stage;
  private final DeadLetterSink deadLetters;
  private final StageMetrics metrics;
  private final Clock clock;

  public Settlement(String stage, DeadLetterSink deadLetters, StageMetrics metrics, Clock clock) {
    this.stage = stage;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
  }

  public String stage() {
    return stage;
  }

  /** Acks the written messages and dead-letters the rejected ones. */
  public void settle(List<Message<Envelope>> messages, WriteResult result) {
    Map<Integer, WriteResult.RecordFailure> failed = new HashMap<>();
    for (WriteResult.RecordFailure f : result.failures()) {
      if (f.index() >= 0 && f.index() < messages.size()) {
        failed.putIfAbsent(f.index(), f);
      } else {
        LOG.warning(stage + ": writer reported a failure for unknown index " + f.index());
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      WriteResult.RecordFailure f = failed.get(i);
      if (f == null) {
        ack(messages.get(i));
      } else {
        deadLetter(messages.get(i), f.reason(), f.error());
      }
    }
  }

  /** Nacks every message: the batch could not be written. */
  public void nackAll(List<Message<Envelope>> messages, Throwable error) {
    for (Message<Envelope> m : messages) {
      nack(m, error);
    }
  }

  /**
   * Sends a message to the dead letter, then acks it; nacks it when the dead letter is refused.
   *
   * @return completes when the message is settled
   */
  public CompletionStage<Void> deadLetter(Message<Envelope> message, String reason, String error) {
    CompletionStage<Void> sent;
    try {
      sent =
          deadLetters.send(
              new DeadLetter(stage, reason, error, clock.instant(), message.getPayload()));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
        (ok, e) -> {
          if (e == null) {
            ack(message);
          } else {
            LOG.log(Level.WARNING, stage + ": dead letter refused; nacking", e);
            nack(message, e);
          }
          return null;
        });
  }

  public void ack(Message<Envelope> message) {
    metrics.acked();
    message.ack();
  }

  public void nack(Message<Envelope> message, Throwable error) {
    metrics.nacked();
    message.nack(error);
  }
}
