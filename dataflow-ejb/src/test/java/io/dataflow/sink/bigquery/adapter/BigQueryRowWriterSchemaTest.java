package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.TableId;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.SchemaMismatchException;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TypedRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed columns and schema evolution of the insertAll writer: the real google-cloud-bigquery client
 * against {@link FakeBigQueryServer}, which serves and patches the table's schema.
 */
class BigQueryRowWriterSchemaTest {
  private static final String PROJECT = "test-project";
  private final FakeBigQueryServer fake;

  BigQueryRowWriterSchemaTest() throws Exception {
    fake = new FakeBigQueryServer();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** A new writer instance, as after a restart. */
  private BigQueryRowWriter writer(DefaultRowTransformer t, SchemaUpdate policy) throws Exception {
    GoogleClientOptions options =
        GoogleClientOptions.of(
            Optional.of(PROJECT), Optional.of(fake.host()), Duration.ofSeconds(5));
    BigQuery client = GoogleClients.bigQuery(options);
    BigQueryRowWriter w =
        new BigQueryRowWriter(
            client, client, TableId.of(PROJECT, "dataflow", "telemetry"), "EU", true, policy);
    w.prepare(t.schema());
    return w;
  }

  @Test
  void aCreatedTableHasAJsonPayloadAndTheTypedColumnsAndRowsCarryTypedValues() throws Exception {
    DefaultRowTransformer t = TypedRows.transformer(TypedRows.MAPPING);
    BigQueryRowWriter w = writer(t, SchemaUpdate.ADD_COLUMNS);
    List<Row> rows = new ArrayList<>(TypedRows.rows(t, "good", 1, TypedRows.GOOD));
    rows.addAll(TypedRows.rows(t, "bad", 1, TypedRows.BAD_BATTERY));
    assertThat(w.write(rows)).isEqualTo(WriteResult.success());

    assertThat(fake.columns(PROJECT, "dataflow", "telemetry"))
        .containsEntry("payload", "JSON")
        .containsEntry("temperature", "FLOAT")
        .containsEntry("battery", "INTEGER")
        .containsEntry("ok", "BOOLEAN")
        .containsEntry("seen", "TIMESTAMP")
        .containsEntry("conversion_errors", "JSON");
    JsonNode good = fake.rows().get("good0");
    assertThat(good.path("temperature").isNumber()).isTrue();
    assertThat(good.path("temperature").asDouble()).isEqualTo(21.5);
    assertThat(good.path("battery").asLong()).isEqualTo(87);
    assertThat(good.path("ok").isBoolean()).isTrue();
    assertThat(good.path("seen").asText()).isEqualTo("2026-11-25T11:58:00Z");
    assertThat(good.has("conversion_errors")).isFalse();
    JsonNode bad = fake.rows().get("bad0");
    assertThat(bad.has("battery")).isFalse();
    assertThat(bad.path("ok").asBoolean(true)).isFalse();
    assertThat(bad.path("conversion_errors").asText())
        .contains("\"battery\":\"expected an integer");
  }

  @Test
  void aTableFromBeforeTypedColumnsKeepsItsStringPayloadAndGetsTheNewColumnsByPatch()
      throws Exception {
    fake.addDataset(PROJECT, "dataflow");
    fake.addTable(
        PROJECT, "dataflow", "telemetry", BigQueryRowWriterTest.columnsBeforeTypedColumns());
    DefaultRowTransformer before = TypedRows.transformer("");
    BigQueryRowWriter old = writer(before, SchemaUpdate.ADD_COLUMNS);
    assertThat(fake.tablePatches()).isEmpty();
    old.write(TypedRows.rows(before, "old", 2, TypedRows.GOOD));

    DefaultRowTransformer after = TypedRows.transformer("temperature FLOAT64, battery INT64");
    BigQueryRowWriter restarted = writer(after, SchemaUpdate.ADD_COLUMNS);
    assertThat(restarted.write(TypedRows.rows(after, "new", 2, TypedRows.GOOD)))
        .isEqualTo(WriteResult.success());

    assertThat(fake.tablePatches()).containsExactly(PROJECT + ":dataflow.telemetry");
    assertThat(fake.table(PROJECT, "dataflow", "telemetry").orElseThrow().at("/schema/fields"))
        .filteredOn(f -> f.path("name").asText().matches("temperature|battery|conversion_errors"))
        .extracting(
            f ->
                f.path("name").asText()
                    + ":"
                    + f.path("type").asText()
                    + ":"
                    + f.path("mode").asText())
        .containsExactly(
            "temperature:FLOAT:NULLABLE",
            "battery:INTEGER:NULLABLE",
            "conversion_errors:JSON:NULLABLE");
    assertThat(fake.columns(PROJECT, "dataflow", "telemetry")).containsEntry("payload", "STRING");
    assertThat(fake.rows().get("old0").has("temperature")).isFalse();
    assertThat(fake.rows().get("old0").has("battery")).isFalse();
    assertThat(fake.rows().get("new0").path("temperature").asDouble()).isEqualTo(21.5);
    assertThat(fake.rows().get("new0").path("battery").asLong()).isEqualTo(87);
    assertThat(fake.rows().get("new0").path("payload").asText()).isEqualTo(TypedRows.GOOD);
  }

  @Test
  void withNoneAMissingColumnFailsTheStartUpNamingItWithoutPatching() throws Exception {
    writer(TypedRows.transformer("battery INT64"), SchemaUpdate.NONE);

    assertThatThrownBy(
            () -> writer(TypedRows.transformer("battery INT64, seen TIMESTAMP"), SchemaUpdate.NONE))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(
            "Table test-project.dataflow.telemetry lacks columns of the row schema: seen TIMESTAMP")
        .hasMessageContaining("dataflow.bigquery.schema-update=add-columns");
    assertThat(fake.tablePatches()).isEmpty();
    assertThat(fake.columns(PROJECT, "dataflow", "telemetry")).doesNotContainKey("seen");
  }

  @Test
  void aColumnOfAnotherTypeFailsTheStartUpEvenWithAddColumns() throws Exception {
    writer(TypedRows.transformer("battery STRING"), SchemaUpdate.ADD_COLUMNS);

    assertThatThrownBy(
            () -> writer(TypedRows.transformer("battery INT64"), SchemaUpdate.ADD_COLUMNS))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("battery: table STRING, schema needs INT64");
    assertThat(fake.tablePatches()).isEmpty();
  }

  @Test
  void anExistingTableIsCheckedAndWidenedAlsoWhenCreationIsOff() throws Exception {
    fake.addDataset(PROJECT, "dataflow");
    fake.addTable(
        PROJECT, "dataflow", "telemetry", BigQueryRowWriterTest.columnsBeforeTypedColumns());
    GoogleClientOptions options =
        GoogleClientOptions.of(
            Optional.of(PROJECT), Optional.of(fake.host()), Duration.ofSeconds(5));
    BigQuery client = GoogleClients.bigQuery(options);
    BigQueryRowWriter w =
        new BigQueryRowWriter(
            client,
            client,
            TableId.of(PROJECT, "dataflow", "telemetry"),
            "EU",
            false,
            SchemaUpdate.ADD_COLUMNS);
    w.prepare(TypedRows.transformer("ok BOOL").schema());
    assertThat(fake.columns(PROJECT, "dataflow", "telemetry")).containsEntry("ok", "BOOLEAN");
  }
}
