package io.dataflow.sink.batch;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A dead-letter sink that keeps what it is sent, or refuses everything. */
public final class RecordingDeadLetters implements DeadLetterSink {
  private final List<DeadLetter> sent = new CopyOnWriteArrayList<>();
  private volatile boolean refuse;

  public void refuse(boolean value) {
    refuse = value;
  }

  public List<DeadLetter> sent() {
    return List.copyOf(sent);
  }

  @Override
  public CompletionStage<Void> send(DeadLetter deadLetter) {
    if (refuse) {
      return CompletableFuture.failedFuture(new IllegalStateException("dead-letter topic down"));
    }
    sent.add(deadLetter);
    return CompletableFuture.completedFuture(null);
  }
}
