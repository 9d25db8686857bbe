package io.dataflow.bus.local;

import io.dataflow.bus.PollingPublisher;
import io.dataflow.bus.SubscriptionAddress;
import io.dataflow.envelope.Envelope;
import java.util.concurrent.ThreadFactory;

/**
 * The publisher of one incoming local channel: the messages of its subscription, those addressed to
 * another subscription of the topic left out ({@link SubscriptionAddress}).
 */
final class LocalSource {
  private LocalSource() {}

  static PollingPublisher<Envelope> publisher(
      String channel, LocalSubscription subscription, ThreadFactory threads) {
    return new PollingPublisher<>(
        channel, SubscriptionAddress.filter(subscription.name(), subscription::receive), threads);
  }
}
