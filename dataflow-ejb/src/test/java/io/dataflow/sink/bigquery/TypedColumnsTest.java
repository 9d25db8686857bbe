package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.config.ConfigurationException;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.bigquery.RowSchema.Column;
import io.dataflow.sink.bigquery.RowSchema.ColumnType;
import io.dataflow.sink.bigquery.TypedColumns.TypedColumn;
import io.dataflow.testing.MapConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The syntax of dataflow.bigquery.columns, the conversion rules, and the default transformer. */
class TypedColumnsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAPPING =
      "temperature FLOAT64 from $.temperature, battery INT64 from $.battery, ok BOOL from $.ok,"
          + " seen TIMESTAMP from $.seen";

  private static TypedColumns parse(String spec) {
    return TypedColumns.parse(spec, Set.of("payload", "device_id"));
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static Envelope envelope(String payloadJson) {
    Envelope e = TrackedMessage.of("id-1", "dev-1").getPayload();
    return Envelope.create(
            e.deviceId(), e.eventTime(), e.receivedAt(), e.source(), Payload.json(payloadJson))
        .withId("id-1");
  }

  @Test
  void parsesEntriesWithAndWithoutFromInAnyTypeCase() {
    TypedColumns c =
        parse(" temperature FLOAT64 from $.temperature ,battery int64, ok Bool FROM $.status.ok ");
    assertThat(c.columns())
        .containsExactly(
            new TypedColumn("temperature", ColumnType.FLOAT64, "$.temperature"),
            new TypedColumn("battery", ColumnType.INT64, "$.battery"),
            new TypedColumn("ok", ColumnType.BOOL, "$.status.ok"));
  }

  @Test
  void aBlankSettingHasNoTypedColumnsAndNoErrorsColumn() {
    assertThat(parse("  ").isEmpty()).isTrue();
    assertThat(parse("").schemaColumns()).isEmpty();
  }

  @Test
  void typedColumnsAreNullableAndFollowedByTheErrorsColumn() {
    assertThat(parse("battery INT64, seen TIMESTAMP").schemaColumns())
        .containsExactly(
            new Column("battery", ColumnType.INT64, false),
            new Column("seen", ColumnType.TIMESTAMP, false),
            new Column(TypedColumns.ERRORS_COLUMN, ColumnType.JSON, false));
  }

  @Test
  void badEntriesAreNamedByPositionAndText() {
    assertThatThrownBy(() -> parse("battery INT64, temperature"))
        .hasMessageContaining("entry 2 'temperature'")
        .hasMessageContaining("'<column> <TYPE> [from <path>]'");
    assertThatThrownBy(() -> parse("battery INTEGER"))
        .hasMessageContaining("entry 1 'battery INTEGER'")
        .hasMessageContaining(
            "type INTEGER is not one of STRING, FLOAT64, INT64, BOOL, TIMESTAMP, JSON");
    assertThatThrownBy(() -> parse("battery INT64 from battery"))
        .hasMessageContaining("entry 1")
        .hasMessageContaining("path battery is not $ followed by .name steps");
    assertThatThrownBy(() -> parse("battery INT64 from $.a[0]"))
        .hasMessageContaining("path $.a[0]");
    assertThatThrownBy(() -> parse("Battery INT64"))
        .hasMessageContaining("column name Battery is not lower-case snake_case");
    assertThatThrownBy(() -> parse("battery INT64, battery FLOAT64"))
        .hasMessageContaining("entry 2")
        .hasMessageContaining("mapped twice");
    assertThatThrownBy(() -> parse("payload STRING"))
        .hasMessageContaining("column payload is already a column of the row");
    assertThatThrownBy(() -> parse("conversion_errors STRING"))
        .hasMessageContaining("already a column");
    assertThatThrownBy(() -> parse("battery INT64,")).hasMessageContaining("entry 2 ''");
  }

  @Test
  void aBadSettingFailsNamingTheKeyTheEnvironmentVariableAndTheEntry() {
    assertThatThrownBy(
            () ->
                DefaultRowTransformer.typedColumns(
                    MapConfig.of("dataflow.bigquery.columns", "battery INT64, ok BOOLEAN")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bigquery.columns (env DATAFLOW_BIGQUERY_COLUMNS)")
        .hasMessageContaining("entry 2 'ok BOOLEAN'");
  }

  @Test
  void float64TakesNumbersAndNumericStringsOnlyFinite() throws Exception {
    assertThat(TypedColumns.convert(json("21.5"), ColumnType.FLOAT64)).isEqualTo(21.5);
    assertThat(TypedColumns.convert(json("3"), ColumnType.FLOAT64)).isEqualTo(3.0);
    assertThat(TypedColumns.convert(json("\" 1e3 \""), ColumnType.FLOAT64)).isEqualTo(1000.0);
    assertThatThrownBy(() -> TypedColumns.convert(json("\"warm\""), ColumnType.FLOAT64))
        .hasMessage("expected a finite number for FLOAT64, got \"warm\"");
    assertThatThrownBy(() -> TypedColumns.convert(json("\"NaN\""), ColumnType.FLOAT64))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> TypedColumns.convert(json("true"), ColumnType.FLOAT64))
        .hasMessageContaining("got true");
  }

  @Test
  void int64TakesWholeNumbersWithin64Bits() throws Exception {
    assertThat(TypedColumns.convert(json("87"), ColumnType.INT64)).isEqualTo(87L);
    assertThat(TypedColumns.convert(json("87.0"), ColumnType.INT64)).isEqualTo(87L);
    assertThat(TypedColumns.convert(json("\"-4\""), ColumnType.INT64)).isEqualTo(-4L);
    assertThatThrownBy(() -> TypedColumns.convert(json("87.5"), ColumnType.INT64))
        .hasMessage("expected an integer within 64 bits for INT64, got 87.5");
    assertThatThrownBy(() -> TypedColumns.convert(json("9223372036854775808"), ColumnType.INT64))
        .hasMessageContaining("within 64 bits");
    assertThatThrownBy(() -> TypedColumns.convert(json("\"low\""), ColumnType.INT64))
        .hasMessageContaining("got \"low\"");
  }

  @Test
  void boolTakesBooleansAndTheirWords() throws Exception {
    assertThat(TypedColumns.convert(json("true"), ColumnType.BOOL)).isEqualTo(true);
    assertThat(TypedColumns.convert(json("\"FALSE\""), ColumnType.BOOL)).isEqualTo(false);
    assertThatThrownBy(() -> TypedColumns.convert(json("1"), ColumnType.BOOL))
        .hasMessage("expected true or false for BOOL, got 1");
  }

  @Test
  void timestampTakesIsoTimesWithOffsetAndEpochMilliseconds() throws Exception {
    assertThat(TypedColumns.convert(json("\"2026-11-25T13:00:00+01:00\""), ColumnType.TIMESTAMP))
        .isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(TypedColumns.convert(json("1764072000000"), ColumnType.TIMESTAMP))
        .isEqualTo(Instant.ofEpochMilli(1764072000000L));
    assertThatThrownBy(
            () -> TypedColumns.convert(json("\"2026-11-25 12:00\""), ColumnType.TIMESTAMP))
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> TypedColumns.convert(json("1.5"), ColumnType.TIMESTAMP))
        .hasMessageContaining("got 1.5");
    assertThatThrownBy(
            () -> TypedColumns.convert(json("\"+10000-01-01T00:00:00Z\""), ColumnType.TIMESTAMP))
        .hasMessageContaining("years 1-9999");
  }

  @Test
  void stringAndJsonTakeAnyValueAndAbsentOrNullFieldsAreNullWithoutError() throws Exception {
    assertThat(TypedColumns.convert(json("\"a\""), ColumnType.STRING)).isEqualTo("a");
    assertThat(TypedColumns.convert(json("12"), ColumnType.STRING)).isEqualTo("12");
    assertThat(TypedColumns.convert(json("{\"x\":[1]}"), ColumnType.STRING))
        .isEqualTo("{\"x\":[1]}");
    assertThat(TypedColumns.convert(json("{\"x\":[1]}"), ColumnType.JSON)).isEqualTo("{\"x\":[1]}");
    assertThat(TypedColumns.convert(json("null"), ColumnType.INT64)).isNull();
    TypedColumns.Values v = parse("battery INT64").values(json("{\"other\":1}"));
    assertThat(v.values()).containsEntry("battery", null);
    assertThat(v.errors()).isEmpty();
  }

  @Test
  void theDefaultRowCarriesTypedColumnsFromNestedPaths() throws Exception {
    DefaultRowTransformer t =
        new DefaultRowTransformer(parse(MAPPING + ", site STRING from $.where.site"));
    Row row =
        t.toRow(
            envelope(
                "{\"temperature\":21.5,\"battery\":87,\"ok\":true,"
                    + "\"seen\":\"2026-11-25T11:58:00Z\",\"where\":{\"site\":\"north\"}}"));
    assertThat(row.values())
        .containsEntry("temperature", 21.5)
        .containsEntry("battery", 87L)
        .containsEntry("ok", true)
        .containsEntry("seen", Instant.parse("2026-11-25T11:58:00Z"))
        .containsEntry("site", "north")
        .containsEntry(TypedColumns.ERRORS_COLUMN, null);
    assertThat(row.values().keySet())
        .containsExactlyElementsOf(t.schema().columns().stream().map(Column::name).toList());
  }

  @Test
  void aFieldThatDoesNotConvertIsNullAndNamedInConversionErrorsAndTheRowIsKept() throws Exception {
    DefaultRowTransformer t = new DefaultRowTransformer(parse(MAPPING));
    Row row = t.toRow(envelope("{\"temperature\":\"warm\",\"battery\":87,\"ok\":\"maybe\"}"));
    assertThat(row.values())
        .containsEntry("temperature", null)
        .containsEntry("battery", 87L)
        .containsEntry("ok", null)
        .containsEntry("seen", null);
    JsonNode errors = json((String) row.values().get(TypedColumns.ERRORS_COLUMN));
    assertThat(errors.fieldNames()).toIterable().containsExactly("temperature", "ok");
    assertThat(errors.path("temperature").asText())
        .isEqualTo("expected a finite number for FLOAT64, got \"warm\"");
    assertThat(row.values())
        .containsEntry("payload", "{\"temperature\":\"warm\",\"battery\":87,\"ok\":\"maybe\"}");
  }

  @Test
  void aPayloadThatIsNotJsonNamesEveryTypedColumnInConversionErrors() throws Exception {
    DefaultRowTransformer t = new DefaultRowTransformer(parse("battery INT64, ok BOOL"));
    Envelope base = TrackedMessage.of("id-1", "dev-1").getPayload();
    Envelope e =
        Envelope.create(
                base.deviceId(),
                base.eventTime(),
                base.receivedAt(),
                base.source(),
                Payload.bytes("\u0001\u0002".getBytes(StandardCharsets.UTF_8)))
            .withId("id-1");
    Row row = t.toRow(e);
    assertThat(row.values()).containsEntry("battery", null).containsEntry("ok", null);
    assertThat(json((String) row.values().get(TypedColumns.ERRORS_COLUMN)).toString())
        .isEqualTo("{\"battery\":\"the payload is not JSON\",\"ok\":\"the payload is not JSON\"}");
  }

  @Test
  void theCdiBeanReadsTheMappingFromTheConfiguration() {
    DefaultRowTransformer t = new DefaultRowTransformer();
    t.configure(MapConfig.of("dataflow.bigquery.columns", "battery INT64"));
    assertThat(t.schema().column("battery"))
        .contains(new Column("battery", ColumnType.INT64, false));
    assertThat(t.schema().column("payload"))
        .contains(new Column("payload", ColumnType.JSON, false));
  }
}
