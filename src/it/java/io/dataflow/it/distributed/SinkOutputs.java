package io.dataflow.it.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the two sinks of a server wrote with their embedded defaults: rows of the H2 store ({@code
 * <data-dir>/warehouse}) and records of the local archive ({@code <data-dir>/archive}, gzip JSONL
 * objects), for the devices of one test run. Duplicates are kept, so they can be counted.
 */
final class SinkOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SinkOutputs() {}

  /**
   * Envelope ids of the warehouse rows whose device id starts with {@code run-}. The store merges
   * on the id (as BigQuery dedupes on insertId), so redeliveries do not show here.
   */
  static List<String> warehouseIds(Path dataDir, String run) throws Exception {
    List<String> ids = new ArrayList<>();
    if (!Files.exists(dataDir.resolve("warehouse"))) {
      return ids;
    }
    try (Connection c = Stores.warehouse(dataDir);
        PreparedStatement st =
            c.prepareStatement("SELECT MESSAGE_ID FROM TELEMETRY WHERE DEVICE_ID LIKE ?")) {
      st.setString(1, run + "-%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** Envelope ids of the archived records whose device id starts with {@code run-}. */
  static List<String> archiveIds(Path dataDir, String run) throws IOException {
    List<String> ids = new ArrayList<>();
    Path root = dataDir.resolve("archive");
    if (!Files.exists(root)) {
      return ids;
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(root)) {
      objects =
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList();
    }
    for (Path object : objects) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(object)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          var record = JSON.readTree(line);
          if (record.path("deviceId").asText().startsWith(run + "-")) {
            ids.add(record.path("id").asText());
          }
        }
      } catch (IOException notAnArchiveObject) {
        // an object being replaced, or not gzip: not counted
      }
    }
    return ids;
  }
}
