package io.dataflow.enrich.testing;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Bus messages whose ack / nack the test can observe. */
public final class TestMessages {
  private TestMessages() {}

  /** A message from a bus subscription, recording how it was settled. */
  public static final class Tracked {
    public final BusMessage<Envelope> message;
    public final AtomicInteger acks = new AtomicInteger();
    public final AtomicInteger nacks = new AtomicInteger();
    public final AtomicReference<Throwable> nackReason = new AtomicReference<>();

    public Tracked(Envelope envelope, int attempt) {
      message =
          new BusMessage<>(
              envelope,
              new DeliveryMetadata(attempt, "enrich"),
              acks::incrementAndGet,
              reason -> {
                nackReason.set(reason);
                nacks.incrementAndGet();
              });
    }

    public boolean settled() {
      return acks.get() + nacks.get() > 0;
    }
  }

  public static Envelope envelope(String deviceId) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return Envelope.create(
        deviceId,
        t,
        t,
        new Source("devices/" + deviceId + "/telemetry", "telemetry"),
        Payload.json("{\"t\":21.5}"));
  }

  public static Tracked message(String deviceId) {
    return new Tracked(envelope(deviceId), 1);
  }
}
