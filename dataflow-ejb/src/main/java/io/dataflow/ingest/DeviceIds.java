package io.dataflow.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which device ids the pipeline takes. A device id becomes a Pub/Sub attribute and ordering key (at
 * most 1024 bytes), a Firestore document id (at most 1500 bytes; not {@code .} or {@code ..}, not
 * of the form {@code __x__}), a Redis key and a warehouse column, and it may be part of an object
 * name. An id that any of them would refuse is refused here, once, with a reason, rather than
 * failing a batch or a publish further on.
 */
public final class DeviceIds {
  private final int maxBytes;

  public DeviceIds(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Why the id cannot be used, or empty when it can. */
  public Optional<String> problem(String id) {
    if (id.isEmpty()) {
      return Optional.of("the device id is empty");
    }
    // A char is at most 3 UTF-8 bytes, so the usual short id is never encoded on this hot path.
    int bytes = id.length() * 3 <= maxBytes ? 0 : id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      return Optional.of(
          "the device id is "
              + bytes
              + " bytes long, over dataflow.ingest.max-device-id-bytes="
              + maxBytes
              + " (starts '"
              + printable(id.substring(0, Math.min(id.length(), 32)))
              + "')");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || c == '/' || Character.isSurrogate(c) && !paired(id, i)) {
        return Optional.of(
            "the device id '"
                + printable(id)
                + "' holds a character no store takes (U+"
                + String.format("%04X", (int) c)
                + ")");
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    if (id.equals(".")
        || id.equals("..")
        || id.length() >= 4 && id.startsWith("__") && id.endsWith("__")) {
      return Optional.of(
          "the device id '" + id + "' is reserved (Firestore refuses ., .. and __x__)");
    }
    return Optional.empty();
  }

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }

  /** The id with control characters shown as escapes, for an error message. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
