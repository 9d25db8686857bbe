package io.dataflow.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flow 4 of the operator workflows: the audit trail is kept under the data directory and is still
 * there, entry for entry, after the server is stopped and started again. Its own all-in-one server.
 */
class AuditTrailIT {
  private static final String ADMIN_PASSWORD = "audit-admin-pw";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OperationsServer ops;

  @BeforeAll
  static void start() throws Exception {
    ops = OperationsServer.start("audit", ADMIN_PASSWORD, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (ops != null) {
      ops.close();
    }
  }

  private static HttpResponse<String> call(String method, String path, String body)
      throws Exception {
    return ops.call(method, path, body);
  }

  private static JsonNode audit(String query) throws Exception {
    HttpResponse<String> r = call("GET", "/admin/api/audit" + query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void auditEntriesArePresentWithEveryFieldAfterARestart() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    assertThat(call("POST", "/admin/api/archive/batches/flush", null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/admin/api/dead-letters/replay", "{\"stage\":\"nope\"}").statusCode())
        .isEqualTo(400);
    assertThat(call("POST", "/admin/api/cache/invalidate/d1", null).statusCode()).isIn(200, 404);
    JsonNode beforeRestart = audit("?user=admin&from=" + before);
    assertThat(beforeRestart).hasSize(3);

    ops.server().stop();
    ops.server().start();
    ops.server().awaitReady();

    JsonNode after = audit("?user=admin&from=" + before);
    assertThat(after).isEqualTo(beforeRestart);
    JsonNode replay = audit("?action=dead-letters.replay&from=" + before).get(0);
    assertThat(replay.get("user").asText()).isEqualTo("admin");
    assertThat(replay.get("outcome").asText()).isEqualTo("refused");
    assertThat(replay.get("count").asLong()).isZero();
    assertThat(replay.get("detail").asText())
        .isEqualTo("unknown stage 'nope'; one of ingestion, enrich, bigquery, archive");
    assertThat(Instant.parse(replay.get("at").asText())).isAfter(before);
    JsonNode flush = audit("?action=archive.&from=" + before).get(0);
    assertThat(flush.get("action").asText()).isEqualTo("archive.flush-all");
    assertThat(flush.get("target").asText()).isEqualTo("*");
    assertThat(flush.get("outcome").asText()).isIn("done", "no-op");
    assertThat(Files.readString(ops.work().resolve("data/audit/audit.jsonl")))
        .contains("\"action\":\"archive.flush-all\"");
  }

  @Test
  void aBadAuditQueryIsRefusedWithAClearError() throws Exception {
    HttpResponse<String> r =
        call("GET", "/admin/api/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .isEqualTo("from (2026-12-02T00:00:00Z) is after to (2026-12-01T00:00:00Z)");
  }
}
