package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteClient;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteSettings;
import com.google.cloud.bigquery.storage.v1.CreateWriteStreamRequest;
import com.google.cloud.bigquery.storage.v1.FinalizeWriteStreamResponse;
import com.google.cloud.bigquery.storage.v1.ProtoSchema;
import com.google.cloud.bigquery.storage.v1.StreamWriter;
import com.google.cloud.bigquery.storage.v1.TableName;
import com.google.cloud.bigquery.storage.v1.WriteStream;
import io.dataflow.gcp.GoogleEndpoint;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The Storage Write API calls of the writer, on one {@link BigQueryWriteClient}: create and
 * finalize write streams (each call bounded by the start-up timeout, one attempt), and open the
 * {@link StreamWriter} of a stream. Against a local endpoint (a fake) the client connects in
 * plaintext with no credentials; each stream writer opens its own channel from the same settings.
 */
final class WriteStreams implements AutoCloseable {
  private static final String GOOGLE = "bigquerystorage.googleapis.com:443";

  private final BigQueryWriteClient client;
  private final TableName table;
  private final ProtoSchema schema;
  private final Duration appendTimeout;
  private final String location;

  private WriteStreams(
      BigQueryWriteClient client,
      TableName table,
      ProtoSchema schema,
      Duration appendTimeout,
      String location) {
    this.client = client;
    this.table = table;
    this.schema = schema;
    this.appendTimeout = appendTimeout;
    this.location = location;
  }

  /**
   * @param endpoint where the client connects
   * @param table the destination table
   * @param schema the writer schema
   * @param callTimeout the timeout of one create, get or finalize call
   * @param appendTimeout how long a stream writer tries to reconnect before failing its appends
   * @param location the dataset's location, for the connection pool of the default stream
   */
  static WriteStreams open(
      GoogleEndpoint endpoint,
      TableName table,
      ProtoSchema schema,
      Duration callTimeout,
      Duration appendTimeout,
      String location)
      throws IOException {
    return new WriteStreams(
        BigQueryWriteClient.create(settings(endpoint, callTimeout)),
        table,
        schema,
        appendTimeout,
        location);
  }

  static BigQueryWriteSettings settings(GoogleEndpoint endpoint, Duration callTimeout)
      throws IOException {
    BigQueryWriteSettings.Builder b = BigQueryWriteSettings.newBuilder();
    String target = target(endpoint);
    b.setEndpoint(target);
    if (!endpoint.usesCredentials()) {
      b.setTransportChannelProvider(
          BigQueryWriteSettings.defaultGrpcTransportProviderBuilder()
              .setEndpoint(target)
              .setChannelConfigurator(c -> c.usePlaintext())
              .build());
      b.setCredentialsProvider(NoCredentialsProvider.create());
    }
    RetrySettings once =
        RetrySettings.newBuilder()
            .setTotalTimeoutDuration(callTimeout)
            .setInitialRpcTimeoutDuration(callTimeout)
            .setMaxRpcTimeoutDuration(callTimeout)
            .setRpcTimeoutMultiplier(1.0)
            .setMaxAttempts(1)
            .build();
    b.createWriteStreamSettings().setRetrySettings(once);
    b.finalizeWriteStreamSettings().setRetrySettings(once);
    b.getWriteStreamSettings().setRetrySettings(once);
    return b.build();
  }

  /** The gRPC target, host:port. */
  static String target(GoogleEndpoint endpoint) {
    if (endpoint.url().isEmpty()) {
      return GOOGLE;
    }
    if (!endpoint.usesCredentials()) {
      return endpoint.emulatorHost();
    }
    URI uri = URI.create(endpoint.url().get());
    return uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort());
  }

  TableName table() {
    return table;
  }

  /** Creates a COMMITTED write stream: its rows are visible as soon as an append succeeds. */
  String createCommitted() {
    WriteStream stream =
        client.createWriteStream(
            CreateWriteStreamRequest.newBuilder()
                .setParent(table.toString())
                .setWriteStream(WriteStream.newBuilder().setType(WriteStream.Type.COMMITTED))
                .build());
    return stream.getName();
  }

  /** Finalizes a stream (no more appends) and returns how many rows it holds. */
  long finalizeStream(String streamName) {
    FinalizeWriteStreamResponse r = client.finalizeWriteStream(streamName);
    return r.getRowCount();
  }

  /** A writer of one exclusive (committed) stream; appends carry explicit offsets. */
  StreamWriter exclusiveWriter(String streamName) throws IOException {
    return StreamWriter.newBuilder(streamName, client)
        .setWriterSchema(schema)
        .setMaxRetryDuration(appendTimeout)
        .setTraceId("dataflow:committed")
        .build();
  }

  /** A writer of the table's default stream, on the client's shared, multiplexed connections. */
  StreamWriter defaultStreamWriter() throws IOException {
    return StreamWriter.newBuilder(StreamWriter.getDefaultStreamName(table), client)
        .setWriterSchema(schema)
        .setEnableConnectionPool(true)
        .setLocation(location)
        .setMaxRetryDuration(appendTimeout)
        .setTraceId("dataflow:default")
        .build();
  }

  @Override
  public void close() {
    client.close();
  }
}
