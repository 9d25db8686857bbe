package io.dataflow.it.distributed;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Publishes dead-letter envelopes (the envelope codec's JSON) to a topic of the emulator. */
final class DeadLetterPublisher implements AutoCloseable {
  private final ManagedChannel channel;
  private final Publisher publisher;
  private final List<com.google.api.core.ApiFuture<String>> pending = new ArrayList<>();

  DeadLetterPublisher(String emulatorHost, String project, String topic) throws IOException {
    channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
    publisher =
        Publisher.newBuilder("projects/" + project + "/topics/" + topic)
            .setChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
  }

  /** Publishes one dead letter for a device; returns the envelope id. */
  String publish(String deviceId) {
    Instant now = Instant.now();
    Envelope e =
        Envelope.create(
            deviceId,
            now,
            now,
            new Source("devices/" + deviceId + "/telemetry", "it"),
            Payload.json("{\"it\":true}"));
    Envelope dead =
        new DeadLetter("it", "it-kill", "published by the distributed IT", now, e).toEnvelope();
    pending.add(
        publisher.publish(
            PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(EnvelopeCodec.encode(dead)))
                .build()));
    return dead.id();
  }

  @Override
  public void close() throws Exception {
    for (var f : pending) {
      f.get(60, TimeUnit.SECONDS);
    }
    publisher.shutdown();
    publisher.awaitTermination(30, TimeUnit.SECONDS);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
