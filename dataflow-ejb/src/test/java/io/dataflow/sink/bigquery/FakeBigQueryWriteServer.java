package io.dataflow.sink.bigquery;

import com.google.cloud.bigquery.storage.v1.AppendRowsRequest;
import com.google.cloud.bigquery.storage.v1.AppendRowsResponse;
import com.google.cloud.bigquery.storage.v1.BatchCommitWriteStreamsRequest;
import com.google.cloud.bigquery.storage.v1.BatchCommitWriteStreamsResponse;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteGrpc;
import com.google.cloud.bigquery.storage.v1.CreateWriteStreamRequest;
import com.google.cloud.bigquery.storage.v1.FinalizeWriteStreamRequest;
import com.google.cloud.bigquery.storage.v1.FinalizeWriteStreamResponse;
import com.google.cloud.bigquery.storage.v1.FlushRowsRequest;
import com.google.cloud.bigquery.storage.v1.FlushRowsResponse;
import com.google.cloud.bigquery.storage.v1.GetWriteStreamRequest;
import com.google.cloud.bigquery.storage.v1.RowError;
import com.google.cloud.bigquery.storage.v1.StorageError;
import com.google.cloud.bigquery.storage.v1.WriteStream;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wire-level fake of the BigQuery Storage Write API ({@code BigQueryWrite} gRPC service) on a
 * free loopback port, for the real client library pointed at it (plaintext, no credentials). Like
 * BigQuery it keeps per stream the rows appended, answers an append at an offset below the stream's
 * end with {@code ALREADY_EXISTS} and above it with {@code OUT_OF_RANGE} (both with the {@link
 * StorageError} details the client parses), refuses appends to finalized streams, and rejects an
 * append whose rows have errors as a whole, listing the rows. It decodes each row with the writer
 * schema of its connection ({@link DynamicMessage}), so tests read and count the rows. COMMITTED
 * and default-stream rows are visible at once; PENDING ones after {@code BatchCommitWriteStreams};
 * BUFFERED ones up to {@code FlushRows}.
 *
 * <p>Scripted faults apply to the next appends, one each: see {@link Fault}.
 */
public final class FakeBigQueryWriteServer implements AutoCloseable {
  /** What happens to the next append request. */
  public enum Fault {
    /** The stream breaks (UNAVAILABLE) before the rows are applied. */
    BREAK_BEFORE_APPLY,
    /** The rows are applied, then the stream ends with DEADLINE_EXCEEDED: the ambiguous case. */
    DEADLINE_AFTER_APPLY,
    /** The rows are applied and no answer is ever sent (the client times out). */
    SILENT_AFTER_APPLY,
    /** Nothing is applied and no answer is ever sent. */
    SILENT_BEFORE_APPLY,
    /** The append is answered RESOURCE_EXHAUSTED (quota), nothing applied. */
    RESOURCE_EXHAUSTED,
    /** The append is answered UNAVAILABLE in its response, nothing applied. */
    UNAVAILABLE,
    /** The append is answered with SCHEMA_MISMATCH_EXTRA_FIELDS, nothing applied. */
    SCHEMA_MISMATCH
  }

  /** One stored row: where it went and its decoded values by column name. */
  public record StoredRow(String stream, long offset, Map<String, Object> values) {
    public String messageId() {
      return String.valueOf(values.get("message_id"));
    }
  }

  private static final class FakeStream {
    final String name;
    final WriteStream.Type type;
    final List<StoredRow> rows = new ArrayList<>();
    long flushedTo = -1;
    boolean finalized;
    boolean committed;

    FakeStream(String name, WriteStream.Type type) {
      this.name = name;
      this.type = type;
    }

    boolean visible() {
      return type == WriteStream.Type.COMMITTED || committed;
    }
  }

  private final Server server;
  private final Map<String, FakeStream> streams = new ConcurrentHashMap<>();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final Map<String, String> rejectedIds = new ConcurrentHashMap<>();
  private final AtomicInteger appendRequests = new AtomicInteger();
  private final AtomicInteger streamsCreated = new AtomicInteger();
  private final AtomicInteger finalizeCalls = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean permissionDenied;

  public FakeBigQueryWriteServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
  }

  /** {@code 127.0.0.1:PORT}, for {@code dataflow.bigquery.storage-host}. */
  public String host() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The next appends meet these faults, one each, in order. */
  public void inject(Fault... next) {
    faults.addAll(List.of(next));
  }

  /** Rows whose message_id is this are refused with a row error carrying {@code message}. */
  public void rejectRow(String messageId, String message) {
    rejectedIds.put(messageId, message);
  }

  /** While true, every call is refused with PERMISSION_DENIED. */
  public void denyPermission(boolean deny) {
    permissionDenied = deny;
  }

  /** The rows of every visible stream (committed, default, committed pending), in append order. */
  public synchronized List<StoredRow> rows() {
    List<StoredRow> all = new ArrayList<>();
    for (FakeStream s : streams.values()) {
      if (s.visible()) {
        all.addAll(s.rows);
      } else if (s.type == WriteStream.Type.BUFFERED) {
        all.addAll(s.rows.subList(0, (int) Math.min(s.rows.size(), s.flushedTo + 1)));
      }
    }
    return all;
  }

  /** How many visible rows each message id has. */
  public Map<String, Integer> rowsPerMessageId() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (StoredRow r : rows()) {
      counts.merge(r.messageId(), 1, Integer::sum);
    }
    return counts;
  }

  public int appendRequests() {
    return appendRequests.get();
  }

  public int streamsCreated() {
    return streamsCreated.get();
  }

  public int finalizeCalls() {
    return finalizeCalls.get();
  }

  /** Names of the streams that are finalized. */
  public synchronized List<String> finalizedStreams() {
    return streams.values().stream().filter(s -> s.finalized).map(s -> s.name).toList();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized FakeStream stream(String name) {
    if (name.endsWith("/_default")) {
      return streams.computeIfAbsent(name, n -> new FakeStream(n, WriteStream.Type.COMMITTED));
    }
    return streams.get(name);
  }

  private static com.google.rpc.Status storageError(
      Status.Code code, StorageError.StorageErrorCode storageCode, String entity, String message) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(message)
        .addDetails(
            Any.pack(
                StorageError.newBuilder()
                    .setCode(storageCode)
                    .setEntity(entity)
                    .setErrorMessage(message)
                    .build()))
        .build();
  }

  private static AppendRowsResponse error(com.google.rpc.Status status) {
    return AppendRowsResponse.newBuilder().setError(status).build();
  }

  private final class Service extends BigQueryWriteGrpc.BigQueryWriteImplBase {
    @Override
    public void createWriteStream(
        CreateWriteStreamRequest request, StreamObserver<WriteStream> response) {
      if (permissionDenied) {
        response.onError(deny("bigquery.tables.updateData"));
        return;
      }
      String name = request.getParent() + "/streams/fake-" + ids.incrementAndGet();
      WriteStream.Type type = request.getWriteStream().getType();
      synchronized (FakeBigQueryWriteServer.this) {
        streams.put(name, new FakeStream(name, type));
      }
      streamsCreated.incrementAndGet();
      response.onNext(
          WriteStream.newBuilder()
              .setName(name)
              .setType(type)
              .setCreateTime(now())
              .setLocation("US")
              .build());
      response.onCompleted();
    }

    @Override
    public void getWriteStream(GetWriteStreamRequest request, StreamObserver<WriteStream> r) {
      FakeStream s = stream(request.getName());
      if (s == null) {
        r.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
        return;
      }
      r.onNext(WriteStream.newBuilder().setName(s.name).setType(s.type).setLocation("US").build());
      r.onCompleted();
    }

    @Override
    public void finalizeWriteStream(
        FinalizeWriteStreamRequest request, StreamObserver<FinalizeWriteStreamResponse> r) {
      finalizeCalls.incrementAndGet();
      if (permissionDenied) {
        r.onError(deny("bigquery.tables.updateData"));
        return;
      }
      FakeStream s = stream(request.getName());
      if (s == null) {
        r.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
        return;
      }
      long count;
      synchronized (FakeBigQueryWriteServer.this) {
        s.finalized = true;
        count = s.rows.size();
      }
      r.onNext(FinalizeWriteStreamResponse.newBuilder().setRowCount(count).build());
      r.onCompleted();
    }

    @Override
    public void batchCommitWriteStreams(
        BatchCommitWriteStreamsRequest request, StreamObserver<BatchCommitWriteStreamsResponse> r) {
      synchronized (FakeBigQueryWriteServer.this) {
        for (String name : request.getWriteStreamsList()) {
          FakeStream s = streams.get(name);
          if (s == null || !s.finalized) {
            r.onError(
                Status.FAILED_PRECONDITION
                    .withDescription("stream not finalized: " + name)
                    .asRuntimeException());
            return;
          }
        }
        request.getWriteStreamsList().forEach(n -> streams.get(n).committed = true);
      }
      r.onNext(BatchCommitWriteStreamsResponse.newBuilder().setCommitTime(now()).build());
      r.onCompleted();
    }

    @Override
    public void flushRows(FlushRowsRequest request, StreamObserver<FlushRowsResponse> r) {
      FakeStream s = stream(request.getWriteStream());
      if (s == null || s.type != WriteStream.Type.BUFFERED) {
        r.onError(Status.INVALID_ARGUMENT.withDescription("not buffered").asRuntimeException());
        return;
      }
      synchronized (FakeBigQueryWriteServer.this) {
        s.flushedTo = Math.max(s.flushedTo, request.getOffset().getValue());
      }
      r.onNext(FlushRowsResponse.newBuilder().setOffset(s.flushedTo).build());
      r.onCompleted();
    }

    @Override
    public StreamObserver<AppendRowsRequest> appendRows(StreamObserver<AppendRowsResponse> out) {
      return new Connection(out);
    }
  }

  private static Timestamp now() {
    Instant t = Instant.now();
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static RuntimeException deny(String permission) {
    return Status.PERMISSION_DENIED
        .withDescription("Permission '" + permission + "' denied on resource")
        .asRuntimeException();
  }

  /** One AppendRows connection: the stream and writer schema carry over between its requests. */
  private final class Connection implements StreamObserver<AppendRowsRequest> {
    private final StreamObserver<AppendRowsResponse> out;
    private String streamName;
    private Descriptor descriptor;
    private boolean ended;

    Connection(StreamObserver<AppendRowsResponse> out) {
      this.out = out;
    }

    @Override
    public synchronized void onNext(AppendRowsRequest request) {
      if (ended) {
        return;
      }
      appendRequests.incrementAndGet();
      if (!request.getWriteStream().isEmpty()) {
        streamName = request.getWriteStream();
      }
      if (request.getProtoRows().hasWriterSchema()) {
        descriptor = descriptor(request.getProtoRows().getWriterSchema().getProtoDescriptor());
      }
      if (permissionDenied) {
        end(deny("bigquery.tables.updateData"));
        return;
      }
      Fault fault = faults.poll();
      if (fault == Fault.BREAK_BEFORE_APPLY) {
        end(Status.UNAVAILABLE.withDescription("connection reset (fake)").asRuntimeException());
        return;
      }
      if (fault == Fault.SILENT_BEFORE_APPLY) {
        return;
      }
      if (fault == Fault.RESOURCE_EXHAUSTED || fault == Fault.UNAVAILABLE) {
        Status.Code code =
            fault == Fault.RESOURCE_EXHAUSTED
                ? Status.Code.RESOURCE_EXHAUSTED
                : Status.Code.UNAVAILABLE;
        out.onNext(
            error(
                com.google.rpc.Status.newBuilder()
                    .setCode(code.value())
                    .setMessage(
                        fault == Fault.RESOURCE_EXHAUSTED
                            ? "Exceeds quota (fake)"
                            : "backend unavailable (fake)")
                    .build()));
        return;
      }
      if (fault == Fault.SCHEMA_MISMATCH) {
        out.onNext(
            error(
                storageError(
                    Status.Code.INVALID_ARGUMENT,
                    StorageError.StorageErrorCode.SCHEMA_MISMATCH_EXTRA_FIELDS,
                    streamName,
                    "Input schema has more fields than BigQuery schema, extra fields: 'x'")));
        return;
      }
      AppendRowsResponse answer = apply(request);
      if (fault == Fault.DEADLINE_AFTER_APPLY) {
        end(Status.DEADLINE_EXCEEDED.withDescription("deadline (fake)").asRuntimeException());
        return;
      }
      if (fault == Fault.SILENT_AFTER_APPLY) {
        return;
      }
      out.onNext(answer);
    }

    private AppendRowsResponse apply(AppendRowsRequest request) {
      FakeStream s = streamName == null ? null : stream(streamName);
      if (s == null) {
        return error(
            storageError(
                Status.Code.NOT_FOUND,
                StorageError.StorageErrorCode.STREAM_NOT_FOUND,
                String.valueOf(streamName),
                "Stream not found"));
      }
      List<ByteString> serialized = request.getProtoRows().getRows().getSerializedRowsList();
      List<Map<String, Object>> decoded = new ArrayList<>();
      AppendRowsResponse.Builder rowErrors = AppendRowsResponse.newBuilder();
      for (int i = 0; i < serialized.size(); i++) {
        Map<String, Object> values = decode(serialized.get(i));
        String reject = rejectedIds.get(String.valueOf(values.get("message_id")));
        if (reject != null) {
          rowErrors.addRowErrors(
              RowError.newBuilder()
                  .setIndex(i)
                  .setCode(RowError.RowErrorCode.FIELDS_ERROR)
                  .setMessage(reject));
        }
        decoded.add(values);
      }
      long offset;
      synchronized (FakeBigQueryWriteServer.this) {
        if (s.finalized) {
          return error(
              storageError(
                  Status.Code.INVALID_ARGUMENT,
                  StorageError.StorageErrorCode.STREAM_FINALIZED,
                  s.name,
                  "Stream is finalized"));
        }
        if (rowErrors.getRowErrorsCount() > 0) {
          return rowErrors
              .setError(
                  com.google.rpc.Status.newBuilder()
                      .setCode(Status.Code.INVALID_ARGUMENT.value())
                      .setMessage("Errors found while processing rows"))
              .build();
        }
        long end = s.rows.size();
        offset = request.hasOffset() ? request.getOffset().getValue() : end;
        if (offset < end) {
          return error(
              storageError(
                  Status.Code.ALREADY_EXISTS,
                  StorageError.StorageErrorCode.OFFSET_ALREADY_EXISTS,
                  s.name,
                  "The offset is within stream, expected offset " + end + ", received " + offset));
        }
        if (offset > end) {
          return error(
              storageError(
                  Status.Code.OUT_OF_RANGE,
                  StorageError.StorageErrorCode.OFFSET_OUT_OF_RANGE,
                  s.name,
                  "The offset is beyond stream, expected offset " + end + ", received " + offset));
        }
        for (int i = 0; i < decoded.size(); i++) {
          s.rows.add(new StoredRow(s.name, offset + i, decoded.get(i)));
        }
      }
      return AppendRowsResponse.newBuilder()
          .setAppendResult(
              AppendRowsResponse.AppendResult.newBuilder().setOffset(Int64Value.of(offset)))
          .setWriteStream(s.name)
          .build();
    }

    private Map<String, Object> decode(ByteString row) {
      try {
        DynamicMessage m = DynamicMessage.parseFrom(descriptor, row);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
          values.put(e.getKey().getName(), e.getValue());
        }
        return values;
      } catch (IOException e) {
        throw new IllegalStateException("row does not match the writer schema", e);
      }
    }

    private void end(RuntimeException status) {
      ended = true;
      out.onError(status);
    }

    @Override
    public void onError(Throwable t) {
      ended = true;
    }

    @Override
    public synchronized void onCompleted() {
      if (!ended) {
        ended = true;
        out.onCompleted();
      }
    }
  }

  private static Descriptor descriptor(DescriptorProto proto) {
    try {
      FileDescriptor file =
          FileDescriptor.buildFrom(
              FileDescriptorProto.newBuilder()
                  .setName("writer.proto")
                  .setSyntax("proto2")
                  .addMessageType(proto)
                  .build(),
              new FileDescriptor[0]);
      return file.getMessageTypes().get(0);
    } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException("bad writer schema", e);
    }
  }
}
