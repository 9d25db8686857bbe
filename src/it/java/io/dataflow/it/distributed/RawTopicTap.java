package io.dataflow.it.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test subscription on a topic of the emulator: pulls and acks everything, counting deliveries
 * per {@code seq} of the envelope's JSON payload, so loss and duplicates can be counted.
 */
final class RawTopicTap implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManagedChannel channel;
  private final SubscriptionAdminClient subscriptions;
  private final String subscription;
  final Map<Integer, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  final List<Map<String, String>> attributes = new ArrayList<>();

  RawTopicTap(String emulatorHost, String project, String topic, String subscriptionId)
      throws IOException {
    channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
    var channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    String topicPath = "projects/" + project + "/topics/" + topic;
    subscription = "projects/" + project + "/subscriptions/" + subscriptionId;
    try (TopicAdminClient topics =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
      topics.createTopic(topicPath);
    }
    subscriptions =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    subscriptions.createSubscription(
        subscription, topicPath, com.google.pubsub.v1.PushConfig.getDefaultInstance(), 60);
  }

  /** Pulls one batch (up to 1000), records and acks it; returns how many arrived. */
  int pullOnce() throws IOException {
    // returnImmediately (deprecated for production use) keeps an empty pull from blocking.
    @SuppressWarnings("deprecation")
    PullRequest request =
        PullRequest.newBuilder()
            .setSubscription(subscription)
            .setMaxMessages(1000)
            .setReturnImmediately(true)
            .build();
    List<ReceivedMessage> batch =
        subscriptions.pullCallable().call(request).getReceivedMessagesList();
    List<String> ackIds = new ArrayList<>();
    for (ReceivedMessage m : batch) {
      JsonNode envelope = JSON.readTree(m.getMessage().getData().toByteArray());
      int seq = envelope.path("payload").path("seq").asInt(-1);
      deliveries.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
      if (attributes.size() < 5) {
        attributes.add(m.getMessage().getAttributesMap());
      }
      ackIds.add(m.getAckId());
    }
    if (!ackIds.isEmpty()) {
      subscriptions.acknowledge(subscription, ackIds);
    }
    return batch.size();
  }

  int distinct() {
    return deliveries.size();
  }

  int duplicates() {
    return deliveries.values().stream().mapToInt(c -> c.get() - 1).sum();
  }

  @Override
  public void close() throws InterruptedException {
    subscriptions.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
