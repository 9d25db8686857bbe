package io.dataflow.bus.pubsub;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.envelope.Envelope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A test upstream for an outgoing channel's subscriber: sends envelopes only as demand allows and
 * reports each message's outcome (true = acked, false = nacked).
 */
final class Upstream implements Subscription {
  private final Subscriber<? super BusMessage<Envelope>> sink;
  private final Semaphore demand = new Semaphore(0);
  private final AtomicLong requested = new AtomicLong();

  Upstream(Subscriber<? super BusMessage<Envelope>> sink) {
    this.sink = sink;
    sink.onSubscribe(this);
  }

  /** Sends one envelope once there is demand; the future completes when it is settled. */
  CompletableFuture<Boolean> send(Envelope e) throws InterruptedException {
    demand.acquire();
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    sink.onNext(
        new BusMessage<>(
            e,
            new DeliveryMetadata(1, "test"),
            () -> outcome.complete(true),
            reason -> outcome.complete(false)));
    return outcome;
  }

  long requested() {
    return requested.get();
  }

  @Override
  public void request(long n) {
    requested.addAndGet(n);
    demand.release((int) Math.min(n, Integer.MAX_VALUE / 2));
  }

  @Override
  public void cancel() {}
}
