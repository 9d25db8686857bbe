package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.TableId;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.Row;
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
}
