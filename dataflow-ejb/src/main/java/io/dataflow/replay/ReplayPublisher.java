package io.dataflow.replay;

import io.dataflow.envelope.Envelope;
import java.util.concurrent.CompletionStage;

/** Publishes a replayed envelope on an outgoing channel; completes when the bus has accepted it. */
public interface ReplayPublisher {
  CompletionStage<Void> publish(String channel, Envelope envelope);
}
