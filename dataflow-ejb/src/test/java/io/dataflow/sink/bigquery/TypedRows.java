package io.dataflow.sink.bigquery;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.sink.batch.TrackedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Rows with typed columns for the writers' tests: one transformer, rows with given payloads. */
public final class TypedRows {
  /** The mapping of the example. */
  public static final String MAPPING =
      "temperature FLOAT64 from $.temperature, battery INT64 from $.battery, ok BOOL from $.ok,"
          + " seen TIMESTAMP from $.seen";

  /** A payload where every typed field converts. */
  public static final String GOOD =
      "{\"temperature\":21.5,\"battery\":87,\"ok\":true,\"seen\":\"2026-11-25T11:58:00Z\"}";

  /** A payload where battery does not convert (and seen is absent). */
  public static final String BAD_BATTERY =
      "{\"temperature\":19.0,\"battery\":\"low\",\"ok\":false}";

  private TypedRows() {}

  /** The default transformer with this mapping. */
  public static DefaultRowTransformer transformer(String mapping) {
    return new DefaultRowTransformer(
        TypedColumns.parse(
            mapping,
            Set.copyOf(
                DefaultRowTransformer.ENVELOPE_COLUMNS.stream()
                    .map(RowSchema.Column::name)
                    .toList())));
  }

  /** An envelope with id and payload. */
  public static Envelope envelope(String id, String payloadJson) {
    Envelope e = TrackedMessage.of(id, "dev-" + id).getPayload();
    return Envelope.create(
            e.deviceId(), e.eventTime(), e.receivedAt(), e.source(), Payload.json(payloadJson))
        .withId(id);
  }

  /** Rows {@code prefix0..prefix(n-1)} with this payload. */
  public static List<Row> rows(DefaultRowTransformer t, String prefix, int n, String payload)
      throws RowRejectedException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(t.toRow(envelope(prefix + i, payload)));
    }
    return rows;
  }
}
