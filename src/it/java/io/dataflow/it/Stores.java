package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.sink.bigquery.adapter.H2RowWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the IT server wrote, read as a user reads it: the H2 warehouse through JDBC, the archive
 * objects with gunzip and Jackson's line reader (one record per line, or the read fails), and the
 * admin API to seal the pending archive groups.
 */
public final class Stores {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stores() {}

  /** A connection to the server's H2 warehouse, shared with the server (AUTO_SERVER). */
  public static Connection warehouse() throws IOException, SQLException {
    return warehouse(ServerUnderTest.dataDir());
  }

  /**
   * A connection to the H2 warehouse of a server's data directory, as the README's query command
   * makes it: the store's URL, user sa and the password from the store's password file.
   */
  public static Connection warehouse(Path dataDir) throws IOException, SQLException {
    Path directory = dataDir.toAbsolutePath().resolve("warehouse");
    return DriverManager.getConnection(
        H2RowWriter.url(directory), H2RowWriter.USER, H2RowWriter.readPassword(directory));
  }

  /** Every record of every archive object, in no particular order. */
  public static List<JsonNode> archiveRecords() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    Path root = ServerUnderTest.dataDir().resolve("archive");
    if (!Files.isDirectory(root)) {
      return records;
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(root)) {
      objects = files.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).toList();
    }
    for (Path object : objects) {
      try (GZIPInputStream in =
              new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(object)));
          MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(in)) {
        while (lines.hasNext()) {
          records.add(lines.next());
        }
      }
    }
    return records;
  }

  /** The archive records of one run (payload field {@code run}), by their payload's {@code seq}. */
  public static java.util.Map<Integer, JsonNode> archivedBySeq(String run) throws IOException {
    java.util.Map<Integer, JsonNode> records = new java.util.HashMap<>();
    for (JsonNode record : archiveRecords()) {
      if (run.equals(record.at("/payload/run").asText())) {
        records.put(record.at("/payload/seq").asInt(), record);
      }
    }
    return records;
  }

  /**
   * Skips the calling test class when mosquitto is not installed; otherwise starts the shared
   * broker and waits until the IT server is ready.
   */
  public static void awaitServerWithSharedBroker() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Mosquitto.installed(), "SKIPPED: mosquitto is not installed (apt-get install mosquitto)");
    SharedBroker.get();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> ServerUnderTest.get("/health/ready").statusCode() == 200);
  }

  /** POST /admin/api/archive/batches/flush as the IT administrator. */
  public static void flushArchive() throws Exception {
    String auth =
        System.getProperty("it.admin.user", "it-admin")
            + ":"
            + System.getProperty("it.admin.password");
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(ServerUnderTest.uri("/admin/api/archive/batches/flush"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                    .header("X-Requested-By", "dataflow")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
