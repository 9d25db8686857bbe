package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.sink.batch.TrackedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultRowTransformerTest {
  private final DefaultRowTransformer transformer = new DefaultRowTransformer();

  private static Envelope envelope() {
    return TrackedMessage.of("id-1", "dev-1")
        .getPayload()
        .withEnrichment(Map.of("location", "berlin", "name", "pump 1", "serviceTag", "st-9"))
        .withAttribute("qos", "1");
  }

  @Test
  void theDefaultRowHoldsEveryColumnFromTheEnvelope() throws Exception {
    Row row = transformer.toRow(envelope());
    assertThat(row.insertId()).isEqualTo("id-1");
    assertThat(row.values())
        .containsEntry("message_id", "id-1")
        .containsEntry("device_id", "dev-1")
        .containsEntry("event_time", Instant.parse("2026-11-25T11:59:00Z"))
        .containsEntry("received_at", Instant.parse("2026-11-25T11:59:01Z"))
        .containsEntry("location", "berlin")
        .containsEntry("name", "pump 1")
        .containsEntry("service_tag", "st-9")
        .containsEntry("payload", "{\"temp\":21.5}")
        .containsEntry("attributes", "{\"qos\":\"1\"}");
    assertThat(row.values().keySet())
        .containsExactlyElementsOf(
            transformer.schema().columns().stream().map(RowSchema.Column::name).toList());
  }

  @Test
  void missingEnrichmentLeavesTheColumnsEmpty() throws Exception {
    Row row = transformer.toRow(TrackedMessage.of("id-2", "dev-2").getPayload());
    assertThat(row.values().get("location")).isNull();
    assertThat(row.values().get("service_tag")).isNull();
    assertThat(row.values()).containsEntry("attributes", "{}");
  }

  @Test
  void aNonJsonPayloadIsWrittenAsBase64Json() throws Exception {
    byte[] raw = {1, 2, 3, (byte) 0xff};
    Envelope e = envelope();
    Envelope bytes =
        new Envelope(
            e.version(),
            e.id(),
            e.deviceId(),
            e.eventTime(),
            e.receivedAt(),
            e.source(),
            e.attributes(),
            Payload.bytes(raw),
            e.enrichment());
    Row row = transformer.toRow(bytes);
    assertThat(row.values())
        .containsEntry(
            "payload", "{\"base64\":\"" + Base64.getEncoder().encodeToString(raw) + "\"}");
  }

  @Test
  void theSizeEstimateIsNeverBelowTheRowsJsonInTheRequest() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String[] payloads = {
      "{\"temp\":21.5}",
      "{\"text\":\"quotes \\\" and backslashes \\\\ and \\n newlines\"}",
      "{\"city\":\"Zürich – 東京 🚀\"}",
      "[" + "1,".repeat(1000) + "1]"
    };
    for (String p : payloads) {
      Envelope e = envelope();
      Envelope withPayload =
          new Envelope(
              e.version(),
              e.id(),
              e.deviceId(),
              e.eventTime(),
              e.receivedAt(),
              e.source(),
              e.attributes(),
              Payload.json(p),
              e.enrichment());
      Row row = transformer.toRow(withPayload);
      Map<String, Object> content = new HashMap<>();
      row.values().forEach((k, v) -> content.put(k, v == null ? null : v.toString()));
      Map<String, Object> wire = Map.of("insertId", row.insertId(), "json", content);
      int actual = json.writeValueAsString(wire).getBytes(StandardCharsets.UTF_8).length;
      assertThat(row.bytes()).as(p).isGreaterThanOrEqualTo(actual);
    }
  }
}
