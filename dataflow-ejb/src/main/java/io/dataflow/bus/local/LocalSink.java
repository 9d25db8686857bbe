package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The subscriber behind one outgoing local channel. Publishing blocks while a subscription of the
 * topic is full, which is how a slow consumer slows its producers. The upstream message is acked
 * once every subscription has queued it, and nacked if it could not be published.
 */
final class LocalSink implements Subscriber<Message<?>> {
  private static final Logger LOG = Logger.getLogger(LocalSink.class.getName());
  private static final int WINDOW = 64;
  private final String channel;
  private final LocalTopic topic;
  private Subscription upstream;
  private int sinceRequest;

  LocalSink(String channel, LocalTopic topic) {
    this.channel = channel;
    this.topic = topic;
  }

  @Override
  public void onSubscribe(Subscription s) {
    this.upstream = s;
    s.request(WINDOW);
  }

  @Override
  public void onNext(Message<?> message) {
    try {
      if (!(message.getPayload() instanceof Envelope envelope)) {
        throw new IllegalArgumentException(
            "Channel "
                + channel
                + " carries envelopes, got "
                + (message.getPayload() == null
                    ? "null"
                    : message.getPayload().getClass().getName()));
      }
      topic
          .publishAsync(envelope)
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  message.ack();
                } else {
                  LOG.log(Level.WARNING, "Channel " + channel + " could not journal", failure);
                  message.nack(failure);
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      message.nack(e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Channel " + channel + " could not publish", e);
      message.nack(e);
    }
    if (++sinceRequest >= WINDOW / 2) {
      sinceRequest = 0;
      upstream.request(WINDOW / 2);
    }
  }

  @Override
  public void onError(Throwable t) {
    LOG.log(Level.SEVERE, "Upstream of channel " + channel + " failed", t);
  }

  @Override
  public void onComplete() {
    LOG.info(() -> "Upstream of channel " + channel + " completed");
  }
}
