package io.dataflow.sink.bigquery.adapter.storagewrite;

import com.google.cloud.bigquery.storage.v1.ProtoRows;
import com.google.cloud.bigquery.storage.v1.ProtoSchema;
import com.google.cloud.bigquery.storage.v1.ProtoSchemaConverter;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowRejectedException;
import io.dataflow.sink.bigquery.RowSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The proto form of the rows of one {@link RowSchema}: the writer schema the Storage Write API is
 * told (one proto2 field per column, in column order, named as the column) and each row serialised
 * against it. Column types map in {@link #protoType} only, so a column type added to the schema
 * needs one case there and one in {@link #value}.
 *
 * <p>A row value that does not fit its column (a wrong Java type, a required column without a
 * value) is refused before any append, with the reason {@value #SCHEMA_MISMATCH}.
 */
final class RowMessages {
  /** The dead-letter reason of a row that does not fit the writer schema. */
  static final String SCHEMA_MISMATCH = "schema-mismatch";

  private final RowSchema schema;
  private final Descriptor descriptor;
  private final ProtoSchema protoSchema;

  RowMessages(RowSchema schema) {
    this.schema = schema;
    this.descriptor = descriptor(schema);
    this.protoSchema = ProtoSchemaConverter.convert(descriptor);
  }

  /** The writer schema sent with the first append of a connection. */
  ProtoSchema protoSchema() {
    return protoSchema;
  }

  Descriptor descriptor() {
    return descriptor;
  }

  /** The rows, serialised in order, for one append. */
  static ProtoRows protoRows(List<com.google.protobuf.ByteString> serialized) {
    return ProtoRows.newBuilder().addAllSerializedRows(serialized).build();
  }

  /**
   * One row serialised against the writer schema.
   *
   * @throws RowRejectedException ({@value #SCHEMA_MISMATCH}) when a value does not fit its column
   */
  com.google.protobuf.ByteString serialize(Row row) throws RowRejectedException {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(descriptor);
    for (RowSchema.Column c : schema.columns()) {
      Object v = row.values().get(c.name());
      if (v == null) {
        if (c.required()) {
          throw new RowRejectedException(
              SCHEMA_MISMATCH, "required column " + c.name() + " has no value");
        }
        continue;
      }
      b.setField(descriptor.findFieldByName(c.name()), value(c, v));
    }
    return b.build().toByteString();
  }

  private static Object value(RowSchema.Column c, Object v) throws RowRejectedException {
    return switch (c.type()) {
      case STRING, TEXT, JSON -> {
        // A JSON column takes its JSON text as a proto string.
        if (!(v instanceof String)) {
          throw mismatch(c, v);
        }
        yield v;
      }
      case FLOAT64 -> {
        if (!(v instanceof Double)) {
          throw mismatch(c, v);
        }
        yield v;
      }
      case INT64 -> {
        if (!(v instanceof Long)) {
          throw mismatch(c, v);
        }
        yield v;
      }
      case BOOL -> {
        if (!(v instanceof Boolean)) {
          throw mismatch(c, v);
        }
        yield v;
      }
      case TIMESTAMP -> {
        if (!(v instanceof Instant t)) {
          throw mismatch(c, v);
        }
        // BigQuery takes a TIMESTAMP as int64 microseconds since the epoch.
        yield ChronoUnit.MICROS.between(Instant.EPOCH, t);
      }
    };
  }

  private static RowRejectedException mismatch(RowSchema.Column c, Object v) {
    return new RowRejectedException(
        SCHEMA_MISMATCH,
        "column "
            + c.name()
            + " ("
            + c.type()
            + ") cannot take a "
            + v.getClass().getSimpleName()
            + " value");
  }

  /** The proto type of a column type. */
  static FieldDescriptorProto.Type protoType(RowSchema.ColumnType type) {
    return switch (type) {
      case STRING, TEXT, JSON -> FieldDescriptorProto.Type.TYPE_STRING;
      case TIMESTAMP, INT64 -> FieldDescriptorProto.Type.TYPE_INT64;
      case FLOAT64 -> FieldDescriptorProto.Type.TYPE_DOUBLE;
      case BOOL -> FieldDescriptorProto.Type.TYPE_BOOL;
    };
  }

  private static Descriptor descriptor(RowSchema schema) {
    DescriptorProto.Builder message = DescriptorProto.newBuilder().setName("DataflowRow");
    int number = 1;
    for (RowSchema.Column c : schema.columns()) {
      message.addField(
          FieldDescriptorProto.newBuilder()
              .setName(c.name())
              .setNumber(number++)
              .setType(protoType(c.type()))
              .setLabel(
                  c.required()
                      ? FieldDescriptorProto.Label.LABEL_REQUIRED
                      : FieldDescriptorProto.Label.LABEL_OPTIONAL));
    }
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("dataflow_row.proto")
            .setSyntax("proto2")
            .addMessageType(message)
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0])
          .findMessageTypeByName("DataflowRow");
    } catch (DescriptorValidationException e) {
      throw new IllegalArgumentException("the row schema has no proto form: " + e.getMessage(), e);
    }
  }

  /** The field of a column, for readers of the rows (tests, the fake). */
  FieldDescriptor field(String column) {
    return descriptor.findFieldByName(column);
  }
}
