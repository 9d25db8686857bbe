package io.dataflow.replay;

import io.dataflow.deadletter.DeadLetterRecorder;
import io.dataflow.envelope.Envelope;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Dead-letter replay on this server's bus: the {@link DeadLetterReplayer} over the {@link
 * DeadLetterRecorder}'s store, publishing through the channels {@code replay-raw} (topic {@code
 * raw}) and {@code replay-enriched} (topic {@code enriched}), which are wired like every channel in
 * MicroProfile Config. One replay runs at a time.
 */
@ApplicationScoped
public class BusDeadLetterReplay implements DeadLetterReplay, ReplayPublisher {
  @Inject DeadLetterRecorder recorder;
  @Inject Config config;
  @Inject Clock clock;

  @Inject
  @Channel(ReplayRoutes.REPLAY_RAW)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
  Emitter<Envelope> raw;

  @Inject
  @Channel(ReplayRoutes.REPLAY_ENRICHED)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
  Emitter<Envelope> enriched;

  private DeadLetterReplayer replayer;
  private int maxIds;

  @PostConstruct
  void start() {
    maxIds = ReplaySettings.MAX_IDS.read(config);
    replayer =
        new DeadLetterReplayer(
            recorder.store(),
            ReplayRoutes.read(config),
            this,
            DeadLetterReplayer.reasons(ReplaySettings.REFUSED_REASONS.read(config)),
            ReplaySettings.MAX_RECORDS.read(config),
            ReplaySettings.PUBLISH_TIMEOUT.read(config),
            clock);
  }

  @Override
  public synchronized ReplayResult replay(ReplayRequest request, String requestedBy)
      throws InvalidReplayRequestException, IOException {
    return replayer.replay(request, requestedBy);
  }

  @Override
  public int maxIds() {
    return maxIds;
  }

  @Override
  public CompletionStage<Void> publish(String channel, Envelope envelope) {
    Emitter<Envelope> e =
        switch (channel) {
          case ReplayRoutes.REPLAY_RAW -> raw;
          case ReplayRoutes.REPLAY_ENRICHED -> enriched;
          default -> null;
        };
    if (e == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("no replay channel " + channel));
    }
    return e.send(envelope);
  }
}
