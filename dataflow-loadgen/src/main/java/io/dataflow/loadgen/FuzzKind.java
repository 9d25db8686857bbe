package io.dataflow.loadgen;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of bad input the fuzz run publishes, with their share of the messages. Each fuzz
 * message is published as device {@code fz-<run>-<kind>-<seq>}, so whatever the pipeline makes of
 * its payload, the device id alone says which message it was ({@link #keyOf(String)}).
 */
public enum FuzzKind {
  /** Random bytes, 0 to 2 KiB. */
  BYTES(20),
  /** A valid payload cut short. */
  TRUNCATED(20),
  /** Valid JSON nested deeper than the codec accepts. */
  NESTED(15),
  /** JSON-looking text with invalid UTF-8 sequences. */
  BADUTF8(20),
  /** A valid payload larger than the ingestion limit. */
  OVERSIZE(1),
  /** A small valid JSON object: the control group. */
  VALID(14),
  /** A valid payload on a topic that matches no route (never delivered to the pipeline). */
  NOTOPIC(10);

  private static final Pattern DEVICE = Pattern.compile("fz-([A-Za-z0-9]+)-([a-z0-9]+)-(\\d+)");
  private final int weight;

  FuzzKind(int weight) {
    this.weight = weight;
  }

  public int weight() {
    return weight;
  }

  /** The kind's name in device ids and reports. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The device name the ledger uses for this kind. */
  public String device() {
    return "fuzz/" + label();
  }

  /** The device id a fuzz message of this kind is published under. */
  public String deviceId(String run, long seq) {
    return "fz-" + run + "-" + label() + "-" + seq;
  }

  /** The key of a fuzz message from the device id the pipeline recorded, if it is one. */
  public static Optional<MessageKey> keyOf(String deviceId) {
    if (deviceId == null || !deviceId.startsWith("fz-")) {
      return Optional.empty();
    }
    Matcher m = DEVICE.matcher(deviceId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new MessageKey(m.group(1), "fuzz/" + m.group(2), Long.parseLong(m.group(3))));
  }
}
