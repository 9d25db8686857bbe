package io.dataflow.sink.archive;

import java.util.Objects;

/**
 * The group an archived envelope belongs to, such as {@code 2026/11/25/berlin}. It is also the
 * folder of the group's objects, so it only holds characters that are safe in object names and file
 * paths: letters, digits, {@code . _ -} and {@code /} between non-empty segments.
 *
 * @param value the key
 */
public record ArchiveGroupKey(String value) implements Comparable<ArchiveGroupKey> {
  public ArchiveGroupKey {
    Objects.requireNonNull(value, "value");
    if (!isSafe(value)) {
      throw new IllegalArgumentException("not a safe archive group key: '" + value + "'");
    }
  }

  /** Whether a key is made of non-empty safe segments separated by single slashes. */
  public static boolean isSafe(String value) {
    if (value.isEmpty() || value.length() > 512) {
      return false;
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int i = 0; i < segment.length(); i++) {
        if (!isSafeChar(segment.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean isSafeChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  @Override
  public int compareTo(ArchiveGroupKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
