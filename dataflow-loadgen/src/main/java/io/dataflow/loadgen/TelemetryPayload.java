package io.dataflow.loadgen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The generated telemetry payload, and the one place that reads it back. Form: {@code
 * {"deviceId":"dev-00001","run":"r1a2b","seq":17,"ts":1764086400123,"pad":"xxx"}} where {@code ts}
 * is the publish time in epoch milliseconds (the pipeline's default event-time field) and {@code
 * pad} brings the payload to the requested size in bytes.
 */
public final class TelemetryPayload {
  private static final JsonFactory JSON = new JsonFactory();

  /** The fields read back from a payload. */
  public record Fields(MessageKey key, long ts) {}

  private TelemetryPayload() {}

  /**
   * A payload of exactly {@code size} UTF-8 bytes, or of the smallest possible size when {@code
   * size} is smaller than the fields without padding.
   */
  public static byte[] build(String run, String deviceId, long seq, long ts, int size) {
    String head =
        "{\"deviceId\":\""
            + deviceId
            + "\",\"run\":\""
            + run
            + "\",\"seq\":"
            + seq
            + ",\"ts\":"
            + ts;
    String tail = ",\"pad\":\"\"}";
    int pad = Math.max(0, size - head.length() - tail.length());
    byte[] out = new byte[head.length() + tail.length() + pad];
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, out, 0, h.length);
    byte[] open = ",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(open, 0, out, h.length, open.length);
    Arrays.fill(out, h.length + open.length, h.length + open.length + pad, (byte) 'x');
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  /** The key and publish time of a generated payload; empty for anything else. */
  public static Optional<Fields> parse(byte[] json) {
    if (json == null || json.length == 0 || json[0] != '{') {
      return Optional.empty();
    }
    String deviceId = null;
    String run = null;
    long seq = -1;
    long ts = -1;
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "deviceId" -> deviceId = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "run" -> run = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          case "ts" -> ts = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (deviceId == null || run == null || seq < 1) {
      return Optional.empty();
    }
    return Optional.of(new Fields(new MessageKey(run, deviceId, seq), ts));
  }
}
