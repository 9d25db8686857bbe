package io.dataflow.bus.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import io.dataflow.envelope.Envelope;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The subscriber behind one outgoing Pub/Sub channel. Each envelope is published through a batching
 * {@link Publisher}; the upstream message is acked only when Pub/Sub has accepted it (the publish
 * future succeeded) and nacked when the publish fails. At most {@code max-in-flight} publishes are
 * awaiting an answer: upstream demand is one per completed publish (backpressure, never a drop).
 */
final class PubSubSink implements Subscriber<Message<?>> {
  private static final Logger LOG = Logger.getLogger(PubSubSink.class.getName());
  private final PubSubChannelOptions options;
  private final Publisher publisher;
  private final PubSubChannelMetrics metrics;
  private final Object demandLock = new Object();
  private volatile Subscription upstream;
  private volatile Throwable lastFailure;

  PubSubSink(PubSubChannelOptions options, Publisher publisher, PubSubChannelMetrics metrics) {
    this.options = options;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  @Override
  public void onSubscribe(Subscription s) {
    upstream = s;
    synchronized (demandLock) {
      s.request(options.maxInFlight());
    }
  }

  @Override
  public void onNext(Message<?> message) {
    if (!(message.getPayload() instanceof Envelope envelope)) {
      message.nack(
          new IllegalArgumentException(
              "Channel "
                  + options.channel()
                  + " carries envelopes, got "
                  + (message.getPayload() == null
                      ? "null"
                      : message.getPayload().getClass().getName())));
      requestOne();
      return;
    }
    PubsubMessage m = PubSubEnvelopes.toMessage(envelope, options.orderingByDevice());
    long bytes = m.getSerializedSize();
    metrics.started(bytes);
    long start = System.nanoTime();
    ApiFuture<String> published;
    try {
      published = publisher.publish(m);
    } catch (RuntimeException e) {
      failed(message, m, bytes, e);
      return;
    }
    ApiFutures.addCallback(
        published,
        new ApiFutureCallback<>() {
          @Override
          public void onSuccess(String messageId) {
            metrics.publishLatency(System.nanoTime() - start);
            metrics.acked(bytes);
            message.ack();
            requestOne();
          }

          @Override
          public void onFailure(Throwable t) {
            failed(message, m, bytes, t);
          }
        },
        MoreExecutors.directExecutor());
  }

  @Override
  public void onError(Throwable t) {
    LOG.log(Level.SEVERE, "Upstream of Pub/Sub channel " + options.channel() + " failed", t);
  }

  @Override
  public void onComplete() {
    LOG.info(() -> "Upstream of Pub/Sub channel " + options.channel() + " completed");
  }

  PubSubChannelMetrics metrics() {
    return metrics;
  }

  PubSubChannelStatus status() {
    Throwable f = lastFailure;
    return new PubSubChannelStatus(
        options.channel(),
        "outgoing",
        options.topicPath(),
        upstream != null,
        true,
        (upstream == null ? "no upstream yet" : "publishing")
            + ", in flight "
            + metrics.outstanding()
            + (f == null ? "" : ", last publish failure: " + f));
  }

  /** Sends what is batched and waits up to the timeout for the answers. */
  void close(long timeoutMillis) throws InterruptedException {
    publisher.shutdown();
    if (!publisher.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
      LOG.warning(
          () ->
              "Pub/Sub channel "
                  + options.channel()
                  + " closed with publishes unanswered; upstream will redeliver them");
    }
  }

  private void failed(Message<?> message, PubsubMessage m, long bytes, Throwable t) {
    lastFailure = t;
    metrics.nacked(bytes);
    if (!m.getOrderingKey().isEmpty()) {
      // An ordered publisher pauses the key after a failure; the upstream redelivery resumes it.
      publisher.resumePublish(m.getOrderingKey());
    }
    LOG.log(
        Level.WARNING,
        "Publish to " + options.topicPath() + " failed; nacking upstream: " + t,
        LOG.isLoggable(Level.FINE) ? t : null);
    message.nack(t);
    requestOne();
  }

  private void requestOne() {
    Subscription s = upstream;
    if (s != null) {
      synchronized (demandLock) {
        s.request(1);
      }
    }
  }
}
