package io.dataflow.deadletter;

import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes dead letters on channel {@code dead-letter-out}. */
@ApplicationScoped
public class BusDeadLetterSink implements DeadLetterSink {
  @Inject
  @Channel("dead-letter-out")
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  Emitter<Envelope> emitter;

  @Inject PipelineMetrics metrics;

  @Override
  public CompletionStage<Void> send(DeadLetter deadLetter) {
    try {
      metrics.deadLettered(deadLetter.stage(), deadLetter.reason());
      return emitter.send(deadLetter.toEnvelope());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
