package io.dataflow.deadletter;

import java.util.concurrent.CompletionStage;

/**
 * Where stages send what they give up on. The returned stage completes once the dead letter is
 * accepted (queued on the dead-letter topic); only then may the stage ack the original message.
 */
public interface DeadLetterSink {
  CompletionStage<Void> send(DeadLetter deadLetter);
}
