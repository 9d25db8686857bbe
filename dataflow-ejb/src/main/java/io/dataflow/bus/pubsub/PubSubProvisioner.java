package io.dataflow.bus.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.GetTopicRequest;
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
 * service for about a minute and stall the deployment). An existing subscription is left as it is.
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
   * Creates the subscription unless it exists, with message ordering and a dead-letter policy as
   * asked. The topic (and dead-letter topic) must exist.
   */
  void ensureSubscription(PubSubChannelOptions o) {
    try (SubscriptionAdminClient admin = transport.subscriptionAdmin()) {
      try {
        await(
            admin
                .getSubscriptionCallable()
                .futureCall(
                    GetSubscriptionRequest.newBuilder()
                        .setSubscription(o.subscriptionPath())
                        .build()),
            "get subscription " + o.subscriptionPath());
        return;
      } catch (NotFoundException missing) {
        // created below
      }
      Subscription.Builder s =
          Subscription.newBuilder()
              .setName(o.subscriptionPath())
              .setTopic(o.topicPath())
              .setAckDeadlineSeconds(60)
              .setEnableMessageOrdering(o.orderingByDevice());
      o.deadLetterTopicPath()
          .ifPresent(
              dlq ->
                  s.setDeadLetterPolicy(
                      DeadLetterPolicy.newBuilder()
                          .setDeadLetterTopic(dlq)
                          .setMaxDeliveryAttempts(o.maxDeliveryAttempts())));
      try {
        await(
            admin.createSubscriptionCallable().futureCall(s.build()),
            "create subscription " + o.subscriptionPath());
        LOG.info(() -> "Created Pub/Sub subscription " + o.subscriptionPath());
      } catch (AlreadyExistsException raced) {
        // another server created it meanwhile
      }
    } catch (IOException e) {
      throw new PubSubUnavailableException("Cannot open a subscription admin client", e);
    }
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
