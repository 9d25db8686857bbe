package io.dataflow.deadletter;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.config.DataDirectory;
import io.dataflow.envelope.Envelope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes the dead-letter topic into the local {@link DeadLetterStore} under {@code
 * <data-dir>/dead-letters} (rotated by size, with a retention: {@link DeadLetterSettings}), acking
 * each message only after it is on disk, and answers the console. Watched as {@code
 * dead-letter-recorder} ({@link Heartbeats}) from its first message on (so only on the servers that
 * consume the dead-letter channel): a message being stored is its pending work, each one stored (or
 * nacked) its progress.
 */
@ApplicationScoped
public class DeadLetterRecorder implements DeadLetterHistory {
  private static final Logger LOG = Logger.getLogger(DeadLetterRecorder.class.getName());

  @Inject DataDirectory dataDirectory;
  @Inject Config config;
  @Inject Clock clock;
  @Inject Heartbeats heartbeats;

  private JsonlDeadLetterStore store;
  private volatile Heartbeat heartbeat;

  @PostConstruct
  void open() {
    try {
      store =
          new JsonlDeadLetterStore(
              dataDirectory.resolve("dead-letters"),
              DeadLetterSettings.RECENT_KEPT.read(config),
              DeadLetterSettings.MAX_FILE_BYTES.read(config),
              DeadLetterSettings.MAX_FILES.read(config));
      LOG.info("Dead letters are kept in " + store.file());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the dead-letter store", e);
    }
  }

  @PreDestroy
  void close() {
    Heartbeat h = heartbeat;
    if (h != null) {
      h.close();
    }
    try {
      store.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the dead-letter store failed", e);
    }
  }

  @Incoming("dead-letter-in")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public CompletionStage<Void> record(Message<Envelope> message) {
    Heartbeat h = heartbeat();
    h.busy();
    try {
      return store(message);
    } finally {
      h.idle();
    }
  }

  /** Watched from the first dead letter on: only where the dead-letter channel is consumed. */
  private Heartbeat heartbeat() {
    Heartbeat h = heartbeat;
    if (h == null) {
      synchronized (this) {
        h = heartbeat;
        if (h == null) {
          h = heartbeats.register("dead-letter-recorder");
          heartbeat = h;
        }
      }
    }
    return h;
  }

  private CompletionStage<Void> store(Message<Envelope> message) {
    Envelope e = message.getPayload();
    DeadLetter d =
        DeadLetter.fromEnvelope(e)
            .orElseGet(
                () ->
                    new DeadLetter(
                        "unknown",
                        "unlabelled",
                        "dead letter without dlq attributes",
                        clock.instant(),
                        e));
    try {
      store.append(d);
      return message.ack();
    } catch (IOException | RuntimeException ex) {
      LOG.log(
          Level.SEVERE, "Could not store dead letter " + e.id() + "; it will be redelivered", ex);
      message.nack(ex);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public List<DeadLetter> recent(int limit) {
    return store.recent(limit);
  }

  @Override
  public Optional<ReplayMark> replayMark(String deadLetterId) {
    return store.replayMark(deadLetterId);
  }

  /** The store this recorder appends to, for replay. */
  public DeadLetterStore store() {
    return store;
  }
}
