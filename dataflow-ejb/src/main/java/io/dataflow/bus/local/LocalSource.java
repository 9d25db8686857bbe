package io.dataflow.bus.local;

import io.dataflow.bus.BusMessage;
import io.dataflow.bus.DeliveryMetadata;
import io.dataflow.bus.PollingPublisher;
import io.dataflow.envelope.Envelope;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The messages of one incoming local channel: deliveries of a subscription, with ack and nack. */
final class LocalSource {
  private LocalSource() {}

  static PollingPublisher<Envelope> publisher(
      String channel, LocalSubscription subscription, ThreadFactory threads) {
    return new PollingPublisher<>(
        channel,
        timeout -> {
          Delivery d = subscription.poll(timeout, TimeUnit.MILLISECONDS);
          return d == null ? null : message(subscription, d);
        },
        threads);
  }

  static BusMessage<Envelope> message(LocalSubscription subscription, Delivery d) {
    return new BusMessage<>(
        d.envelope,
        new DeliveryMetadata(d.attempt, subscription.name()),
        () -> subscription.ack(d),
        reason -> subscription.nack(d, reason));
  }
}
