package io.dataflow.sink.batch;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A message that remembers how it was settled (and how often). */
public final class TrackedMessage implements Message<Envelope> {
  private final Envelope envelope;
  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicInteger nacks = new AtomicInteger();

  public TrackedMessage(Envelope envelope) {
    this.envelope = envelope;
  }

  /** A message with a JSON payload for {@code device}, with id {@code id}. */
  public static TrackedMessage of(String id, String device) {
    Instant t = Instant.parse("2026-11-25T11:59:00Z");
    return new TrackedMessage(
        Envelope.create(
                device,
                t,
                t.plusSeconds(1),
                new Source("devices/" + device + "/telemetry", "default"),
                Payload.json("{\"temp\":21.5}"))
            .withId(id));
  }

  public int acks() {
    return acks.get();
  }

  public int nacks() {
    return nacks.get();
  }

  public boolean settled() {
    return acks.get() + nacks.get() > 0;
  }

  @Override
  public Envelope getPayload() {
    return envelope;
  }

  @Override
  public Supplier<CompletionStage<Void>> getAck() {
    return this::ack;
  }

  @Override
  public Function<Throwable, CompletionStage<Void>> getNack() {
    return this::nack;
  }

  @Override
  public CompletionStage<Void> ack() {
    acks.incrementAndGet();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> nack(Throwable reason) {
    nacks.incrementAndGet();
    return CompletableFuture.completedFuture(null);
  }
}
