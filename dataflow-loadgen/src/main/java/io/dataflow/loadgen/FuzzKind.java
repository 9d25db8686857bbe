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
  NOTOPIC(10),
  /**
   * A valid payload whose event time no store holds: years 10000 and later, the ISO extremes, epoch
   * milliseconds at {@code Long.MAX_VALUE}.
   */
  FARTIME(3),
  /** A valid payload pretty-printed over several lines, ending in a newline. */
  PRETTY(3),
  /** A valid payload with a NUL escape ({@code \u0000}) in a string. */
  NULESCAPE(2),
  /** A valid payload from a device id 2,000 characters long. */
  LONGID(2),
  /** A valid payload from a device id of the form Firestore reserves ({@code __x__}). */
  RESERVEDID(1);

  /** The length a {@link #LONGID} device id is padded to. */
  public static final int LONG_ID_LENGTH = 2_000;

  private static final Pattern DEVICE = Pattern.compile("fz-([A-Za-z0-9]+)-([a-z0-9]+)-(\\d+)");
  private static final String RESERVED_MARK = "__";
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
    String id = "fz-" + run + "-" + label() + "-" + seq;
    return switch (this) {
      case LONGID -> id + "-" + "x".repeat(Math.max(0, LONG_ID_LENGTH - id.length() - 1));
      case RESERVEDID -> RESERVED_MARK + id + RESERVED_MARK;
      default -> id;
    };
  }

  /** The key of a fuzz message from the device id the pipeline recorded, if it is one. */
  public static Optional<MessageKey> keyOf(String deviceId) {
    if (deviceId == null) {
      return Optional.empty();
    }
    String id = deviceId;
    if (id.startsWith(RESERVED_MARK) && id.endsWith(RESERVED_MARK) && id.length() > 4) {
      id = id.substring(2, id.length() - 2);
    }
    if (!id.startsWith("fz-")) {
      return Optional.empty();
    }
    // A long id may come back shortened (a dead letter carries its first characters): the key is
    // its start, followed by nothing or by the padding.
    Matcher m = DEVICE.matcher(id);
    if (!m.lookingAt() || m.end() != id.length() && id.charAt(m.end()) != '-') {
      return Optional.empty();
    }
    return Optional.of(
        new MessageKey(m.group(1), "fuzz/" + m.group(2), Long.parseLong(m.group(3))));
  }
}
