package io.dataflow.bus.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How the clients reach Pub/Sub: either the real service with Application Default Credentials (the
 * client libraries' defaults), or an emulator over one shared plaintext gRPC channel with no
 * credentials. One per emulator host; closing it closes the shared channel.
 */
final class PubSubTransport implements AutoCloseable {
  private final Optional<String> emulatorHost;
  private final ManagedChannel emulatorChannel;
  private final TransportChannelProvider channels;
  private final CredentialsProvider credentials;

  private PubSubTransport(Optional<String> emulatorHost) {
    this.emulatorHost = emulatorHost;
    if (emulatorHost.isPresent()) {
      emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost.get()).usePlaintext().build();
      channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
      credentials = NoCredentialsProvider.create();
    } else {
      emulatorChannel = null;
      channels = null;
      credentials = null;
    }
  }

  /** The emulator at {@code host:port} when present, else the real service with ADC. */
  static PubSubTransport forHost(Optional<String> emulatorHost) {
    return new PubSubTransport(emulatorHost);
  }

  Optional<String> emulatorHost() {
    return emulatorHost;
  }

  String describe() {
    return emulatorHost
        .map(h -> "the Pub/Sub emulator at " + h)
        .orElse("Pub/Sub with Application Default Credentials");
  }

  Publisher.Builder publisher(String topicPath) {
    Publisher.Builder b = Publisher.newBuilder(topicPath);
    if (emulatorChannel != null) {
      b.setChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return b;
  }

  Subscriber.Builder subscriber(String subscriptionPath, MessageReceiver receiver) {
    Subscriber.Builder b = Subscriber.newBuilder(subscriptionPath, receiver);
    if (emulatorChannel != null) {
      b.setChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return b;
  }

  TopicAdminClient topicAdmin() throws IOException {
    TopicAdminSettings.Builder b = TopicAdminSettings.newBuilder();
    if (emulatorChannel != null) {
      b.setTransportChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return TopicAdminClient.create(b.build());
  }

  SubscriptionAdminClient subscriptionAdmin() throws IOException {
    SubscriptionAdminSettings.Builder b = SubscriptionAdminSettings.newBuilder();
    if (emulatorChannel != null) {
      b.setTransportChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return SubscriptionAdminClient.create(b.build());
  }

  @Override
  public void close() {
    if (emulatorChannel != null) {
      emulatorChannel.shutdown();
      try {
        if (!emulatorChannel.awaitTermination(5, TimeUnit.SECONDS)) {
          emulatorChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        emulatorChannel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
