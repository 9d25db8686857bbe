package io.dataflow.bus.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import io.dataflow.gcp.EmulatorChannel;
import io.dataflow.gcp.GoogleEndpoint;
import java.io.IOException;
import java.util.Optional;

/**
 * How the clients reach Pub/Sub: either the real service with Application Default Credentials (the
 * client libraries' defaults), or an emulator over one shared {@link EmulatorChannel} (plaintext,
 * no credentials). One per emulator host; closing it closes the shared channel.
 */
final class PubSubTransport implements AutoCloseable {
  private final GoogleEndpoint endpoint;
  private final EmulatorChannel emulator;
  private final TransportChannelProvider channels;
  private final CredentialsProvider credentials;

  private PubSubTransport(GoogleEndpoint endpoint) {
    this.endpoint = endpoint;
    // An https:// URL is refused by EmulatorChannel rather than used without credentials.
    this.emulator = endpoint.url().isPresent() ? EmulatorChannel.open(endpoint) : null;
    this.channels = emulator == null ? null : emulator.channels();
    this.credentials = emulator == null ? null : emulator.credentials();
  }

  /**
   * The emulator at {@code host:port} when present, else the real service with ADC.
   *
   * @throws IllegalStateException when the host is an {@code https://} URL, not an emulator
   */
  static PubSubTransport forHost(Optional<String> emulatorHost) {
    return new PubSubTransport(GoogleEndpoint.of(emulatorHost));
  }

  String describe() {
    return emulator != null
        ? "the Pub/Sub emulator at " + endpoint.emulatorHost()
        : "Pub/Sub with Application Default Credentials";
  }

  Publisher.Builder publisher(String topicPath) {
    Publisher.Builder b = Publisher.newBuilder(topicPath);
    if (emulator != null) {
      b.setChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return b;
  }

  Subscriber.Builder subscriber(String subscriptionPath, MessageReceiver receiver) {
    Subscriber.Builder b = Subscriber.newBuilder(subscriptionPath, receiver);
    if (emulator != null) {
      b.setChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return b;
  }

  TopicAdminClient topicAdmin() throws IOException {
    TopicAdminSettings.Builder b = TopicAdminSettings.newBuilder();
    if (emulator != null) {
      b.setTransportChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return TopicAdminClient.create(b.build());
  }

  SubscriptionAdminClient subscriptionAdmin() throws IOException {
    SubscriptionAdminSettings.Builder b = SubscriptionAdminSettings.newBuilder();
    if (emulator != null) {
      b.setTransportChannelProvider(channels).setCredentialsProvider(credentials);
    }
    return SubscriptionAdminClient.create(b.build());
  }

  @Override
  public void close() {
    if (emulator != null) {
      emulator.close();
    }
  }
}
