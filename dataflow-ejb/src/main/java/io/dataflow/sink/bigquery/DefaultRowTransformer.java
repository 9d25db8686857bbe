package io.dataflow.sink.bigquery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.envelope.Envelope;
import io.dataflow.sink.bigquery.RowSchema.Column;
import io.dataflow.sink.bigquery.RowSchema.ColumnType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The default row: message id, device id, event and receive times, the device's location, name and
 * service tag from the enrichment, the payload (BigQuery JSON) and the attributes as a JSON object;
 * then the typed columns of {@code dataflow.bigquery.columns} ({@link TypedColumns}) and, when
 * there are any, {@value TypedColumns#ERRORS_COLUMN}. A payload that is not JSON is written as
 * {@code {"base64":"..."}}.
 */
@ApplicationScoped
@Named(DefaultRowTransformer.NAME)
@StageComponent(Stage.BIGQUERY)
public class DefaultRowTransformer implements RowTransformer {
  public static final String NAME = "default";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The envelope columns, first in every row. */
  static final List<Column> ENVELOPE_COLUMNS =
      List.of(
          new Column("message_id", ColumnType.STRING, true),
          new Column("device_id", ColumnType.STRING, true),
          new Column("event_time", ColumnType.TIMESTAMP, true),
          new Column("received_at", ColumnType.TIMESTAMP, true),
          new Column("location", ColumnType.STRING, false),
          new Column("name", ColumnType.STRING, false),
          new Column("service_tag", ColumnType.STRING, false),
          new Column("payload", ColumnType.JSON, false),
          new Column("attributes", ColumnType.TEXT, false));

  private static final Set<String> ENVELOPE_NAMES =
      ENVELOPE_COLUMNS.stream().map(Column::name).collect(Collectors.toUnmodifiableSet());

  private volatile TypedColumns typed;
  private volatile RowSchema schema;

  /** The envelope columns only. */
  public DefaultRowTransformer() {
    this(TypedColumns.NONE);
  }

  /** The envelope columns and these typed columns. */
  public DefaultRowTransformer(TypedColumns typed) {
    use(typed);
  }

  /** Takes the typed columns from {@code dataflow.bigquery.columns}. */
  @Inject
  void configure(Config config) {
    use(typedColumns(config));
  }

  /**
   * The typed columns the setting declares.
   *
   * @throws io.dataflow.config.ConfigurationException naming the bad entry
   */
  public static TypedColumns typedColumns(Config config) {
    String raw = BigQuerySettings.COLUMNS.read(config);
    try {
      return TypedColumns.parse(raw, ENVELOPE_NAMES);
    } catch (IllegalArgumentException e) {
      throw BigQuerySettings.COLUMNS.invalid(raw, e.getMessage());
    }
  }

  private void use(TypedColumns columns) {
    List<Column> all = new ArrayList<>(ENVELOPE_COLUMNS);
    all.addAll(columns.schemaColumns());
    this.schema = new RowSchema(all, "event_time", List.of("device_id"));
    this.typed = columns;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  /** The typed columns this transformer fills. */
  public TypedColumns typedColumns() {
    return typed;
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
    TypedColumns columns = typed;
    if (!columns.isEmpty()) {
      TypedColumns.Values typedValues = columns.values(parsedPayload(e));
      v.putAll(typedValues.values());
      v.put(
          TypedColumns.ERRORS_COLUMN,
          typedValues.errors().isEmpty() ? null : json(typedValues.errors()));
    }
    return Row.of(e.id(), v);
  }

  /** The payload as a JSON tree, or null when it is not JSON (or not parseable as such). */
  private static JsonNode parsedPayload(Envelope e) {
    if (!e.payload().isJson()) {
      return null;
    }
    try {
      return JSON.readTree(e.payload().jsonText());
    } catch (JsonProcessingException ex) {
      return null;
    }
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
