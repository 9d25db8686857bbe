package io.dataflow.bus.pubsub;

import io.dataflow.envelope.Envelope;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A test consumer of an incoming channel: requests without bound and keeps every message, acking it
 * at once when {@code autoAck} is set.
 */
final class Downstream implements Subscriber<Message<Envelope>> {
  private final boolean autoAck;
  final BlockingQueue<Message<Envelope>> messages = new LinkedBlockingQueue<>();
  final AtomicLong count = new AtomicLong();
  volatile long lastArrivalNanos;

  Downstream(boolean autoAck) {
    this.autoAck = autoAck;
  }

  Message<Envelope> next() throws InterruptedException {
    Message<Envelope> m = messages.poll(30, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message within 30 s");
    }
    return m;
  }

  @Override
  public void onSubscribe(Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(Message<Envelope> m) {
    count.incrementAndGet();
    lastArrivalNanos = System.nanoTime();
    if (autoAck) {
      m.ack();
    } else {
      messages.add(m);
    }
  }

  @Override
  public void onError(Throwable t) {}

  @Override
  public void onComplete() {}
}
