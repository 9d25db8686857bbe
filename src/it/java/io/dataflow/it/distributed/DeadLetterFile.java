package io.dataflow.it.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The envelope ids in the recorder's JSONL store, one per stored line (duplicates kept). */
final class DeadLetterFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterFile() {}

  static List<String> ids(Path file) throws IOException {
    List<String> ids = new ArrayList<>();
    if (!Files.exists(file)) {
      return ids;
    }
    for (String line : Files.readAllLines(file)) {
      try {
        ids.add(JSON.readTree(line).path("id").asText());
      } catch (IOException cutShortByTheKill) {
        // a line the crash cut short: not stored
      }
    }
    return ids;
  }
}
