package io.dataflow.loadgen;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code loadgen} or {@code fuzz} run sent: the verifier's expectation. Device {@code d}
 * was sent sequence numbers {@code 1..perDevice[d]}; those listed in {@code unacked} were never
 * acknowledged by the broker (their delivery is unknown, so they are not expected, only reported if
 * they show up).
 *
 * @param kind {@code telemetry} or {@code fuzz}
 * @param startedAtMillis when the first message was published, epoch milliseconds (for scripts)
 * @param unrouted fuzz messages sent on topics that match no route (not expected anywhere)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(
    String kind,
    String run,
    String broker,
    String topicTemplate,
    int qos,
    int devices,
    int locations,
    double zipfExponent,
    int payloadBytes,
    double targetRate,
    String startedAt,
    String finishedAt,
    long startedAtMillis,
    double elapsedSeconds,
    long sent,
    long acked,
    long failed,
    long unrouted,
    double publishRate,
    double ackRate,
    Map<String, Long> perDevice,
    Map<String, List<Long>> unacked) {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public RunSummary {
    perDevice = perDevice == null ? Map.of() : perDevice;
    unacked = unacked == null ? Map.of() : unacked;
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), this);
  }

  public static RunSummary read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), RunSummary.class);
  }

  /** The summary as one line of JSON without the per-device maps, for logs. */
  @SuppressWarnings("unchecked")
  public String headline() {
    Map<String, Object> brief = MAPPER.convertValue(this, java.util.LinkedHashMap.class);
    brief.remove("perDevice");
    brief.remove("unacked");
    try {
      return new ObjectMapper().writeValueAsString(brief);
    } catch (IOException e) {
      return run;
    }
  }
}
