package io.dataflow.bus.pubsub;

import com.google.api.core.ApiService;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.bus.PollingPublisher;
import io.dataflow.bus.SubscriptionAddress;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeFormatException;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The messages of one incoming Pub/Sub channel. A streaming-pull {@link Subscriber} with flow
 * control receives them into a queue (bounded in practice by the flow control's outstanding
 * messages); the shared {@link PollingPublisher} hands them downstream on demand as {@link
 * BusMessage}s whose ack and nack are Pub/Sub's. While a message is outstanding, for example in a
 * sink batch, the client's lease management keeps extending its ack deadline, up to {@code
 * max-ack-extension-period}.
 *
 * <p>Data that is not an envelope is sent to the {@link DeadLetterSink} with reason {@code
 * bad-envelope} and then acked (nacked if the dead letter was not accepted): nacking it would only
 * bring it back forever. A message addressed to another subscription of the topic (a replay meant
 * for one sink, {@link SubscriptionAddress}) is acked and skipped.
 */
final class PubSubSource implements MessageReceiver {
  static final String REASON_BAD_ENVELOPE = "bad-envelope";
  private static final Logger LOG = Logger.getLogger(PubSubSource.class.getName());
  private final PubSubChannelOptions options;
  private final DeadLetterSink deadLetters;
  private final Clock clock;
  private final PubSubChannelMetrics metrics;
  private final BlockingQueue<BusMessage<Envelope>> received = new LinkedBlockingQueue<>();
  private final PollingPublisher<Envelope> publisher;
  private Subscriber subscriber;
  private volatile Throwable failure;

  PubSubSource(
      PubSubChannelOptions options,
      DeadLetterSink deadLetters,
      Clock clock,
      PubSubChannelMetrics metrics,
      ThreadFactory threads) {
    this.options = options;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.metrics = metrics;
    this.publisher =
        new PollingPublisher<>(
            options.channel(),
            SubscriptionAddress.filter(
                options.subscription(), t -> received.poll(t, TimeUnit.MILLISECONDS)),
            threads);
  }

  /** The channel's messages, for one downstream subscriber. */
  PollingPublisher<Envelope> publisher() {
    return publisher;
  }

  /**
   * Builds the subscriber with this source as its receiver and starts it, waiting at most the
   * start-up timeout.
   */
  void start(Function<MessageReceiver, Subscriber> subscriberFactory) {
    subscriber = subscriberFactory.apply(this);
    subscriber.addListener(
        new ApiService.Listener() {
          @Override
          public void failed(ApiService.State from, Throwable cause) {
            failure = cause;
            LOG.log(
                Level.SEVERE,
                "Pub/Sub subscriber of channel "
                    + options.channel()
                    + " on "
                    + options.subscriptionPath()
                    + " failed; the channel is no longer alive",
                cause);
          }
        },
        MoreExecutors.directExecutor());
    try {
      subscriber
          .startAsync()
          .awaitRunning(options.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      subscriber.stopAsync();
      throw new PubSubUnavailableException(
          "Subscriber of "
              + options.subscriptionPath()
              + " did not start within "
              + options.startupTimeout()
              + " ("
              + PubSubSettings.STARTUP_TIMEOUT.key()
              + ")",
          e);
    }
  }

  @Override
  public void receiveMessage(PubsubMessage m, AckReplyConsumer reply) {
    long bytes = m.getData().size();
    metrics.started(bytes);
    Envelope envelope;
    try {
      envelope = PubSubEnvelopes.fromMessage(m);
    } catch (EnvelopeFormatException e) {
      deadLetter(m, reply, bytes, e);
      return;
    }
    Integer attempt = Subscriber.getDeliveryAttempt(m);
    received.add(
        new BusMessage<>(
            envelope,
            new DeliveryMetadata(attempt == null ? 1 : attempt, options.subscription()),
            () -> {
              metrics.acked(bytes);
              reply.ack();
            },
            reason -> {
              metrics.nacked(bytes);
              reply.nack();
            }));
  }

  PubSubChannelMetrics metrics() {
    return metrics;
  }

  PubSubChannelStatus status() {
    Subscriber s = subscriber;
    boolean running = s != null && s.isRunning();
    Throwable f = failure;
    return new PubSubChannelStatus(
        options.channel(),
        "incoming",
        options.subscriptionPath(),
        running && publisher.isSubscribed(),
        f == null,
        (f != null
                ? "subscriber failed: " + f
                : (running ? "subscriber running" : "subscriber not running")
                    + (publisher.isSubscribed() ? "" : ", no consumer attached"))
            + ", outstanding "
            + metrics.outstanding());
  }

  /**
   * Stops handing out messages, nacks those not yet handed out (so another server gets them at
   * once), and stops the subscriber, which waits up to the timeout for the outstanding ones.
   */
  void close(long timeoutMillis) {
    publisher.stop();
    BusMessage<Envelope> m;
    while ((m = received.poll()) != null) {
      m.nack(new IllegalStateException("channel closing"));
    }
    if (subscriber != null) {
      try {
        subscriber.stopAsync().awaitTerminated(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | IllegalStateException e) {
        LOG.warning(
            () ->
                "Subscriber of "
                    + options.subscriptionPath()
                    + " did not stop in time; unacked messages will be redelivered");
      }
    }
  }

  private void deadLetter(PubsubMessage m, AckReplyConsumer reply, long bytes, Exception e) {
    DeadLetter dead =
        new DeadLetter(
            options.subscription(),
            REASON_BAD_ENVELOPE,
            e.getMessage(),
            clock.instant(),
            PubSubEnvelopes.undecodable(m, options.subscriptionPath()));
    CompletionStage<Void> accepted;
    try {
      accepted = deadLetters.send(dead);
    } catch (RuntimeException sendFailed) {
      accepted = CompletableFuture.failedFuture(sendFailed);
    }
    accepted.whenComplete(
        (ok, error) -> {
          if (error == null) {
            metrics.acked(bytes);
            reply.ack();
          } else {
            LOG.log(
                Level.WARNING,
                "Dead letter for undecodable message "
                    + m.getMessageId()
                    + " not accepted; nacking it",
                error);
            metrics.nacked(bytes);
            reply.nack();
          }
        });
  }
}
