package io.dataflow.bus;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The message that incoming bus connectors hand to stages. It settles once: the first ack or nack
 * wins and later calls do nothing. It also carries {@link DeliveryMetadata} (MicroProfile Reactive
 * Messaging 3.0 has no metadata API), read with {@link #delivery(Message)}.
 *
 * @param <T> the payload type
 */
public final class BusMessage<T> implements Message<T> {
  private final T payload;
  private final DeliveryMetadata delivery;
  private final Runnable onAck;
  private final java.util.function.Consumer<Throwable> onNack;
  private final AtomicBoolean settled = new AtomicBoolean();

  public BusMessage(
      T payload,
      DeliveryMetadata delivery,
      Runnable onAck,
      java.util.function.Consumer<Throwable> onNack) {
    this.payload = payload;
    this.delivery = delivery;
    this.onAck = onAck;
    this.onNack = onNack;
  }

  /** The delivery metadata of a message from a bus connector, if it is one. */
  public static Optional<DeliveryMetadata> delivery(Message<?> message) {
    return message instanceof BusMessage<?> b ? Optional.of(b.delivery) : Optional.empty();
  }

  /** The delivery attempt of a message (1 when unknown). */
  public static int attempt(Message<?> message) {
    return delivery(message).map(DeliveryMetadata::attempt).orElse(1);
  }

  public DeliveryMetadata deliveryMetadata() {
    return delivery;
  }

  @Override
  public T getPayload() {
    return payload;
  }

  @Override
  public Supplier<CompletionStage<Void>> getAck() {
    return this::ack;
  }

  @Override
  public Function<Throwable, CompletionStage<Void>> getNack() {
    return this::nack;
  }

  @Override
  public CompletionStage<Void> ack() {
    if (settled.compareAndSet(false, true)) {
      onAck.run();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> nack(Throwable reason) {
    if (settled.compareAndSet(false, true)) {
      onNack.accept(reason);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public <C> C unwrap(Class<C> type) {
    if (type.isInstance(delivery)) {
      return type.cast(delivery);
    }
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap to " + type);
  }
}
