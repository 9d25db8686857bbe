package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.TableId;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.TransientWriteException;
import io.dataflow.sink.bigquery.WriteInvoker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real google-cloud-bigquery client against {@link FakeBigQueryServer}. */
class BigQueryRowWriterTest {
  private static final String PROJECT = "test-project";
  private final FakeBigQueryServer fake;
  private final DefaultRowTransformer transformer = new DefaultRowTransformer();

  BigQueryRowWriterTest() throws Exception {
    fake = new FakeBigQueryServer();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private BigQueryRowWriter writer(boolean create, Duration requestTimeout) {
    GoogleClientOptions options =
        GoogleClientOptions.of(Optional.of(PROJECT), Optional.of(fake.host()), requestTimeout);
    BigQuery client = GoogleClients.bigQuery(options);
    BigQuery startup = GoogleClients.bigQuery(options.withTimeout(Duration.ofSeconds(5)));
    return new BigQueryRowWriter(
        client, startup, TableId.of(PROJECT, "dataflow", "telemetry"), "EU", create);
  }

  private BigQueryRowWriter preparedWriter(Duration requestTimeout) throws Exception {
    BigQueryRowWriter w = writer(true, requestTimeout);
    w.prepare(transformer.schema());
    return w;
  }

  private List<Row> rows(int n) throws Exception {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(transformer.toRow(TrackedMessage.of("id-" + i, "dev-" + i).getPayload()));
    }
    return rows;
  }

  @Test
  void createsTheMissingDatasetAndAPartitionedClusteredTable() throws Exception {
    writer(true, Duration.ofSeconds(5)).prepare(transformer.schema());

    assertThat(fake.calls())
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "GET /bigquery/v2/projects/test-project/datasets/dataflow",
            "POST /bigquery/v2/projects/test-project/datasets",
            "GET /bigquery/v2/projects/test-project/datasets/dataflow/tables/telemetry",
            "POST /bigquery/v2/projects/test-project/datasets/dataflow/tables");
    JsonNode table = fake.table(PROJECT, "dataflow", "telemetry").orElseThrow();
    assertThat(table.at("/timePartitioning/type").asText()).isEqualTo("DAY");
    assertThat(table.at("/timePartitioning/field").asText()).isEqualTo("event_time");
    assertThat(table.at("/clustering/fields/0").asText()).isEqualTo("device_id");
    assertThat(table.at("/schema/fields"))
        .extracting(f -> f.path("name").asText() + ":" + f.path("type").asText())
        .containsExactly(
            "message_id:STRING",
            "device_id:STRING",
            "event_time:TIMESTAMP",
            "received_at:TIMESTAMP",
            "location:STRING",
            "name:STRING",
            "service_tag:STRING",
            "payload:JSON",
            "attributes:STRING");
    assertThat(fake.calls().get(1).body()).contains("\"location\":\"EU\"");
  }

  /** The columns of a table made before typed columns: the payload is a STRING there. */
  static Map<String, String> columnsBeforeTypedColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String c :
        List.of(
            "message_id",
            "device_id",
            "location",
            "name",
            "service_tag",
            "payload",
            "attributes")) {
      columns.put(c, "STRING");
    }
    columns.put("event_time", "TIMESTAMP");
    columns.put("received_at", "TIMESTAMP");
    return columns;
  }

  @Test
  void leavesAnExistingDatasetAndTableWithAStringPayloadAlone() throws Exception {
    fake.addDataset(PROJECT, "dataflow");
    fake.addTable(PROJECT, "dataflow", "telemetry", columnsBeforeTypedColumns());
    writer(true, Duration.ofSeconds(5)).prepare(transformer.schema());
    assertThat(fake.calls()).extracting(FakeBigQueryServer.Call::method).containsOnly("GET");
  }

  @Test
  void failsNamingTheSwitchWhenTheTableIsMissingAndCreationIsOff() {
    BigQueryRowWriter w = writer(false, Duration.ofSeconds(5));
    assertThatThrownBy(() -> w.prepare(transformer.schema()))
        .hasMessageContaining("dataflow.bigquery.create-tables");
  }

  @Test
  void insertAllSendsAGzipBodyWithEnvelopeIdsAsInsertIds() throws Exception {
    BigQueryRowWriter w = preparedWriter(Duration.ofSeconds(5));
    assertThat(w.write(rows(3))).isEqualTo(WriteResult.success());
    assertThat(fake.inserts())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.contentEncoding()).isEqualTo("gzip");
              assertThat(call.insertIds()).containsExactly("id-0", "id-1", "id-2");
            });
    JsonNode row = fake.rows().get("id-1");
    assertThat(row.path("message_id").asText()).isEqualTo("id-1");
    assertThat(row.path("device_id").asText()).isEqualTo("dev-1");
    assertThat(row.path("event_time").asText()).isEqualTo("2026-11-25T11:59:00Z");
    assertThat(row.path("payload").asText()).isEqualTo("{\"temp\":21.5}");
  }

  @Test
  void rowErrorsAreReportedByIndexWithTheBigQueryReason() throws Exception {
    BigQueryRowWriter w = preparedWriter(Duration.ofSeconds(5));
    fake.rejectRow("id-1", "invalid");
    WriteResult result = w.write(rows(3));
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.index()).isEqualTo(1);
              assertThat(f.reason()).isEqualTo("invalid");
              assertThat(f.error()).contains("scripted invalid for id-1");
            });
    assertThat(fake.rows()).containsOnlyKeys("id-0", "id-2");
  }

  @Test
  void serviceUnavailableIsTransient() throws Exception {
    BigQueryRowWriter w = preparedWriter(Duration.ofSeconds(5));
    fake.failNextInserts(503, 1);
    assertThatThrownBy(() -> w.write(rows(2))).isInstanceOf(TransientWriteException.class);
    fake.failNextInserts(429, 1);
    assertThatThrownBy(() -> w.write(rows(2))).isInstanceOf(TransientWriteException.class);
  }

  @Test
  void badRequestIsNotTransient() throws Exception {
    BigQueryRowWriter w = preparedWriter(Duration.ofSeconds(5));
    fake.failNextInserts(400, 1);
    assertThatThrownBy(() -> w.write(rows(2)))
        .isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(InsertRetryPolicy.isTransient(e)).isFalse());
  }

  @Test
  void aTimeoutAfterTheCommitIsTransientAndTheRetryReusesTheInsertIds() throws Exception {
    BigQueryRowWriter w = preparedWriter(Duration.ofMillis(500));
    List<Row> batch = rows(4);
    fake.stallAfterNextCommit(Duration.ofSeconds(2));
    assertThatThrownBy(() -> w.write(batch)).isInstanceOf(TransientWriteException.class);
    assertThat(fake.rows()).hasSize(4);

    assertThat(WriteInvoker.ONCE.write(w, batch)).isEqualTo(WriteResult.success());

    List<FakeBigQueryServer.InsertCall> calls = fake.inserts();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).insertIds()).isEqualTo(calls.get(0).insertIds());
    assertThat(fake.rows())
        .containsOnlyKeys(IntStream.range(0, 4).mapToObj(i -> "id-" + i).toArray(String[]::new));
  }
}
