package io.dataflow.bus.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Creates a channel's missing topic and subscription when {@code create-topics} is on. Every call
 * is bounded by the channel's start-up timeout (the client would otherwise retry an unreachable
 * service for about a minute and stall the deployment). An existing subscription is left as it is;
 * when its dead-letter or retry policy differs from the channel's settings, a warning says so (the
 * operator changes it with gcloud, docs/distributed.md).
 */
final class PubSubProvisioner {
  private static final Logger LOG = Logger.getLogger(PubSubProvisioner.class.getName());
  private final PubSubTransport transport;
  private final Duration timeout;

  PubSubProvisioner(PubSubTransport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
  }

  /** Creates the topic unless it exists. */
  void ensureTopic(String topicPath) {
    try (TopicAdminClient admin = transport.topicAdmin()) {
      try {
        await(
            admin
                .getTopicCallable()
                .futureCall(GetTopicRequest.newBuilder().setTopic(topicPath).build()),
            "get topic " + topicPath);
        return;
      } catch (NotFoundException missing) {
        // created below
      }
      try {
        await(
            admin.createTopicCallable().futureCall(Topic.newBuilder().setName(topicPath).build()),
            "create topic " + topicPath);
        LOG.info(() -> "Created Pub/Sub topic " + topicPath);
      } catch (AlreadyExistsException raced) {
        // another server created it meanwhile
      }
    } catch (IOException e) {
      throw new PubSubUnavailableException("Cannot open a topic admin client", e);
    }
  }

  /**
   * Creates the subscription unless it exists, with message ordering, a retry policy and, when the
   * channel names a dead-letter topic, a dead-letter policy. The topic (and dead-letter topic) must
   * exist.
   */
  void ensureSubscription(PubSubChannelOptions o) {
    Subscription wanted = subscription(o);
    try (SubscriptionAdminClient admin = transport.subscriptionAdmin()) {
      try {
        Subscription existing =
            await(
                admin
                    .getSubscriptionCallable()
                    .futureCall(
                        GetSubscriptionRequest.newBuilder()
                            .setSubscription(o.subscriptionPath())
                            .build()),
                "get subscription " + o.subscriptionPath());
        warnIfPoliciesDiffer(existing, wanted);
        return;
      } catch (NotFoundException missing) {
        // created below
      }
      try {
        await(
            admin.createSubscriptionCallable().futureCall(wanted),
            "create subscription " + o.subscriptionPath());
        LOG.info(
            () ->
                "Created Pub/Sub subscription "
                    + o.subscriptionPath()
                    + " ("
                    + describe(wanted)
                    + ")");
      } catch (AlreadyExistsException raced) {
        // another server created it meanwhile
      }
    } catch (IOException e) {
      throw new PubSubUnavailableException("Cannot open a subscription admin client", e);
    }
  }

  /** The subscription a channel's settings ask for. */
  static Subscription subscription(PubSubChannelOptions o) {
    Subscription.Builder s =
        Subscription.newBuilder()
            .setName(o.subscriptionPath())
            .setTopic(o.topicPath())
            .setAckDeadlineSeconds(60)
            .setEnableMessageOrdering(o.orderingByDevice())
            .setRetryPolicy(
                RetryPolicy.newBuilder()
                    .setMinimumBackoff(protobuf(o.minRetryDelay()))
                    .setMaximumBackoff(protobuf(o.maxRetryDelay())));
    o.deadLetterTopicPath()
        .ifPresent(
            dlq ->
                s.setDeadLetterPolicy(
                    DeadLetterPolicy.newBuilder()
                        .setDeadLetterTopic(dlq)
                        .setMaxDeliveryAttempts(o.maxDeliveryAttempts())));
    return s.build();
  }

  private static void warnIfPoliciesDiffer(Subscription existing, Subscription wanted) {
    if (!existing.getDeadLetterPolicy().equals(wanted.getDeadLetterPolicy())
        || !existing.getRetryPolicy().equals(wanted.getRetryPolicy())) {
      LOG.warning(
          () ->
              "Pub/Sub subscription "
                  + existing.getName()
                  + " exists with "
                  + describe(existing)
                  + "; the channel's settings ask for "
                  + describe(wanted)
                  + ". It is left as it is: change it with gcloud pubsub subscriptions update"
                  + " (docs/distributed.md)");
    }
  }

  /** The dead-letter and retry policies, as gcloud names them. */
  static String describe(Subscription s) {
    String dlq =
        s.hasDeadLetterPolicy()
            ? "dead-letter-topic "
                + s.getDeadLetterPolicy().getDeadLetterTopic()
                + ", max-delivery-attempts "
                + s.getDeadLetterPolicy().getMaxDeliveryAttempts()
            : "no dead-letter policy";
    String retry =
        s.hasRetryPolicy()
            ? "min-retry-delay "
                + s.getRetryPolicy().getMinimumBackoff().getSeconds()
                + "s, max-retry-delay "
                + s.getRetryPolicy().getMaximumBackoff().getSeconds()
                + "s"
            : "no retry policy (immediate redelivery)";
    return dlq + ", " + retry;
  }

  private static com.google.protobuf.Duration protobuf(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  /** Waits for a call, cancelling it after the timeout; API errors are rethrown as they are. */
  private <T> T await(ApiFuture<T> call, String what) {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new PubSubUnavailableException(
          what
              + " on "
              + transport.describe()
              + " got no answer within "
              + timeout
              + " ("
              + PubSubSettings.STARTUP_TIMEOUT.key()
              + ")",
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new PubSubUnavailableException(what + " failed on " + transport.describe(), e);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new PubSubUnavailableException(what + " was interrupted", e);
    }
  }
}
