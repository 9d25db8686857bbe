package io.dataflow.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext gRPC channel to an emulator, with no credentials, for clients built from gax
 * settings (Pub/Sub publishers, subscribers and admin clients): they share the channel instead of
 * each opening its own. Closing it closes the channel.
 *
 * @param channel the plaintext channel
 * @param channels the channel, for {@code setChannelProvider} / {@code setTransportChannelProvider}
 * @param credentials none, for {@code setCredentialsProvider}
 */
public record EmulatorChannel(
    ManagedChannel channel, TransportChannelProvider channels, CredentialsProvider credentials)
    implements AutoCloseable {

  /**
   * Opens the channel.
   *
   * @throws IllegalStateException when the endpoint is not an emulator
   */
  public static EmulatorChannel open(GoogleEndpoint emulator) {
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(emulator.emulatorHost()).usePlaintext().build();
    return new EmulatorChannel(
        channel,
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)),
        NoCredentialsProvider.create());
  }

  /** Closes the channel, waiting up to 5 s for calls in progress. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
