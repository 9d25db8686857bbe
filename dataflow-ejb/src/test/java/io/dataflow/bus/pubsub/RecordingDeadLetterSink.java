package io.dataflow.bus.pubsub;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the dead letters it is sent, and accepts them at once. */
final class RecordingDeadLetterSink implements DeadLetterSink {
  final List<DeadLetter> received = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<Void> send(DeadLetter deadLetter) {
    received.add(deadLetter);
    return CompletableFuture.completedFuture(null);
  }
}
