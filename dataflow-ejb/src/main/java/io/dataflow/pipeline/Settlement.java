package io.dataflow.pipeline;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.StageMetrics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How a stage settles a message it received, the same in all four stages:
 *
 * <ul>
 *   <li>{@link #forward}: hand an envelope downstream; the input is acked when downstream acks it,
 *       and nacked when downstream nacks it;
 *   <li>{@link #deadLetter}: the record can never succeed as it is; it goes to the dead letter with
 *       the stage and a reason, and the input is acked once the dead letter is accepted (nacked, so
 *       that it is redelivered, when the dead letter is refused);
 *   <li>{@link #nack}: a transient failure; the bus redelivers the message.
 * </ul>
 *
 * It is the only place that builds a {@link DeadLetter} for a stage, and it counts every outcome in
 * the stage's metrics.
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

  /**
   * The message that carries {@code out} downstream; acking or nacking it acks or nacks {@code in}.
   */
  public Message<Envelope> forward(Message<?> in, Envelope out) {
    metrics.published();
    return Message.of(
        out,
        () -> {
          metrics.acked();
          return in.ack();
        },
        reason -> {
          metrics.nacked();
          return in.nack(reason);
        });
  }

  /**
   * As {@link #forward(Message, Envelope)}, except that a nack whose reason says the next hop will
   * never take this record ({@code refusedForGood}, e.g. Pub/Sub's INVALID_ARGUMENT) dead-letters
   * {@code out} with reason {@code reason} and acks {@code in}, instead of sending the nack
   * upstream where it would be redelivered and refused for ever. Any other nack goes upstream.
   */
  public Message<Envelope> forward(
      Message<?> in, Envelope out, Predicate<Throwable> refusedForGood, String reason) {
    metrics.published();
    return Message.of(
        out,
        () -> {
          metrics.acked();
          return in.ack();
        },
        failure -> {
          if (failure != null && refusedForGood.test(failure)) {
            return deadLetter(in, out, reason, failure.toString());
          }
          metrics.nacked();
          return in.nack(failure);
        });
  }

  /**
   * Dead-letters the envelope a message carries; see {@link #deadLetter(Message, Envelope, String,
   * String)}.
   */
  public CompletionStage<Void> deadLetter(Message<Envelope> in, String reason, String error) {
    return deadLetter(in, in.getPayload(), reason, error);
  }

  /**
   * Sends {@code envelope} (what {@code in} became, as far as it got) to the dead letter, then acks
   * {@code in}; nacks it when the dead letter is refused.
   *
   * @return completes when the message is settled
   */
  public CompletionStage<Void> deadLetter(
      Message<?> in, Envelope envelope, String reason, String error) {
    CompletionStage<Void> sent;
    try {
      sent = deadLetters.send(new DeadLetter(stage, reason, error, clock.instant(), envelope));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
        (ok, e) -> {
          if (e == null) {
            ack(in);
          } else {
            LOG.log(Level.WARNING, stage + ": dead letter refused; nacking", e);
            nack(in, e);
          }
          return null;
        });
  }

  public void ack(Message<?> message) {
    metrics.acked();
    message.ack();
  }

  public void nack(Message<?> message, Throwable error) {
    metrics.nacked();
    message.nack(error);
  }

  /** Nacks every message: the batch could not be written. */
  public void nackAll(List<? extends Message<?>> messages, Throwable error) {
    for (Message<?> m : messages) {
      nack(m, error);
    }
  }
}
