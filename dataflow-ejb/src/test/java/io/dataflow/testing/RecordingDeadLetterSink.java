package io.dataflow.testing;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A dead-letter sink that keeps what it is sent, for assertions. */
public final class RecordingDeadLetterSink implements DeadLetterSink {
  public final List<DeadLetter> sent = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<Void> send(DeadLetter deadLetter) {
    sent.add(deadLetter);
    return CompletableFuture.completedFuture(null);
  }
}
