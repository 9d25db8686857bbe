package io.dataflow.enrich;

import io.dataflow.bus.PollingPublisher;
import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.envelope.Envelope;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The stage's stream: takes up to {@code maxInFlight} messages from upstream, enriches them
 * concurrently (so L1 misses of many messages share one batched L2/L3 call), and hands the results
 * downstream as downstream asks for them, in completion order. A message leaving the stage
 * (published, dead-lettered or nacked) frees a slot and one more is requested from upstream, so
 * memory stays bounded and a slow downstream slows the upstream.
 *
 * <p>Watched as {@code enrich} ({@link Heartbeats}): work is pending while messages are being
 * enriched, or wait to be handed on while downstream asks for them; every enrichment that finishes,
 * every hand-off and every lookup retry that starts waiting ({@link #heartbeat()}) is progress; the
 * hand-off thread ending is death.
 */
final class EnrichProcessor implements Publisher<Message<Envelope>> {
  private static final Logger LOG = Logger.getLogger(EnrichProcessor.class.getName());
  private final Publisher<Message<Envelope>> upstream;
  private final MessageEnricher enricher;
  private final int maxInFlight;
  private final BlockingQueue<Message<Envelope>> ready = new LinkedBlockingQueue<>();
  private final PollingPublisher<Envelope> downstream;
  private final Object requestLock = new Object();
  private final AtomicInteger enriching = new AtomicInteger();
  private final Heartbeat heartbeat;
  private Subscription upstreamSubscription;

  EnrichProcessor(
      String channel,
      Publisher<Message<Envelope>> upstream,
      MessageEnricher enricher,
      int maxInFlight,
      ThreadFactory threads,
      Heartbeats heartbeats) {
    this.upstream = upstream;
    this.enricher = enricher;
    this.maxInFlight = maxInFlight;
    this.heartbeat = heartbeats.register("enrich", this::pending);
    this.downstream = new PollingPublisher<>(channel, this::nextReady, threads, heartbeat);
  }

  /** Messages being enriched, or enriched ones downstream asks for and has not been handed. */
  private boolean pending() {
    PollingPublisher<Envelope> d = downstream;
    return enriching.get() > 0 || (!ready.isEmpty() && d != null && d.hasDemand());
  }

  /** The stage's heartbeat, also told of lookup retries waiting on purpose. */
  Heartbeat heartbeat() {
    return heartbeat;
  }

  @Override
  public void subscribe(Subscriber<? super Message<Envelope>> subscriber) {
    boolean first = !downstream.isSubscribed();
    downstream.subscribe(subscriber);
    if (first) {
      upstream.subscribe(new Inbound());
    }
  }

  /** Stops handing messages downstream (their inputs are redelivered by the bus). */
  void stop() {
    downstream.stop();
  }

  private Message<Envelope> nextReady(long timeoutMillis) throws InterruptedException {
    Message<Envelope> next = ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (next != null) {
      requestMore();
    }
    return next;
  }

  /** Reactive Streams rule 2.7: calls on the upstream subscription are serialised. */
  private void requestMore() {
    synchronized (requestLock) {
      if (upstreamSubscription != null) {
        upstreamSubscription.request(1);
      }
    }
  }

  private final class Inbound implements Subscriber<Message<Envelope>> {
    @Override
    public void onSubscribe(Subscription s) {
      synchronized (requestLock) {
        upstreamSubscription = s;
        s.request(maxInFlight);
      }
    }

    @Override
    public void onNext(Message<Envelope> message) {
      enriching.incrementAndGet();
      enricher
          .enrich(message)
          .whenComplete(
              (out, error) -> {
                enriching.decrementAndGet();
                heartbeat.beat();
                if (out != null && out.isPresent()) {
                  ready.add(out.get());
                } else {
                  requestMore();
                }
              });
    }

    @Override
    public void onError(Throwable t) {
      LOG.log(Level.SEVERE, "Upstream of the enrich stage failed", t);
    }

    @Override
    public void onComplete() {
      LOG.info("Upstream of the enrich stage completed");
    }
  }
}
