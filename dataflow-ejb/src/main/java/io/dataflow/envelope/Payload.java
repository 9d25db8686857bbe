package io.dataflow.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The device's original payload. When it parses as JSON it is kept as JSON text (and written into
 * the envelope as JSON, not base64); otherwise the raw bytes are kept unchanged.
 */
public final class Payload {
  private final byte[] bytes;
  private final boolean json;

  private Payload(byte[] bytes, boolean json) {
    this.bytes = bytes;
    this.json = json;
  }

  /** A payload known to be valid JSON, as UTF-8 bytes. The caller has validated it. */
  public static Payload json(byte[] utf8Json) {
    return new Payload(utf8Json.clone(), true);
  }

  /** A payload known to be valid JSON. The caller has validated it. */
  public static Payload json(String json) {
    return new Payload(json.getBytes(StandardCharsets.UTF_8), true);
  }

  /** A payload that is not JSON (or not known to be), kept byte for byte. */
  public static Payload bytes(byte[] raw) {
    return new Payload(raw.clone(), false);
  }

  public boolean isJson() {
    return json;
  }

  /** A copy of the payload bytes (UTF-8 JSON text when {@link #isJson()}). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The payload size in bytes. */
  public int size() {
    return bytes.length;
  }

  /** The JSON text; only meaningful when {@link #isJson()}. */
  public String jsonText() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload p && p.json == json && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + (json ? 1 : 0);
  }

  @Override
  public String toString() {
    return json ? "json:" + jsonText() : "bytes[" + bytes.length + "]";
  }
}
