package io.dataflow.testing;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A dead-letter sink that keeps what it is sent, for assertions, or refuses everything. */
public final class RecordingDeadLetterSink implements DeadLetterSink {
  public final List<DeadLetter> sent = new CopyOnWriteArrayList<>();
  private volatile boolean refuse;

  /** While true, every send fails as if the dead-letter topic were down. */
  public void refuse(boolean value) {
    refuse = value;
  }

  /** A copy of what was sent so far. */
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
