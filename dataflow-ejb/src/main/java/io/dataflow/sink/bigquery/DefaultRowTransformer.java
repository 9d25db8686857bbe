package io.dataflow.sink.bigquery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.envelope.Envelope;
import io.dataflow.sink.bigquery.RowSchema.Column;
import io.dataflow.sink.bigquery.RowSchema.ColumnType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default row: message id, device id, event and receive times, the device's location, name and
 * service tag from the enrichment, the payload as JSON text and the attributes as a JSON object. A
 * payload that is not JSON is written as {@code {"base64":"..."}}.
 */
@ApplicationScoped
@Named(DefaultRowTransformer.NAME)
@StageComponent(Stage.BIGQUERY)
public class DefaultRowTransformer implements RowTransformer {
  public static final String NAME = "default";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              new Column("message_id", ColumnType.STRING, true),
              new Column("device_id", ColumnType.STRING, true),
              new Column("event_time", ColumnType.TIMESTAMP, true),
              new Column("received_at", ColumnType.TIMESTAMP, true),
              new Column("location", ColumnType.STRING, false),
              new Column("name", ColumnType.STRING, false),
              new Column("service_tag", ColumnType.STRING, false),
              new Column("payload", ColumnType.TEXT, false),
              new Column("attributes", ColumnType.TEXT, false)),
          "event_time",
          List.of("device_id"));

  @Override
  public RowSchema schema() {
    return SCHEMA;
  }

  @Override
  public Row toRow(Envelope e) throws RowRejectedException {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("message_id", e.id());
    v.put("device_id", e.deviceId());
    v.put("event_time", e.eventTime());
    v.put("received_at", e.receivedAt());
    v.put("location", e.enrichmentString("location"));
    v.put("name", e.enrichmentString("name"));
    v.put("service_tag", e.enrichmentString("serviceTag"));
    v.put("payload", payloadJson(e));
    v.put("attributes", json(e.attributes()));
    return Row.of(e.id(), v);
  }

  private static String payloadJson(Envelope e) throws RowRejectedException {
    if (e.payload().isJson()) {
      return e.payload().jsonText();
    }
    return json(Map.of("base64", Base64.getEncoder().encodeToString(e.payload().toBytes())));
  }

  private static String json(Object value) throws RowRejectedException {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException ex) {
      throw new RowRejectedException("invalid", "cannot write JSON: " + ex.getOriginalMessage());
    }
  }
}
