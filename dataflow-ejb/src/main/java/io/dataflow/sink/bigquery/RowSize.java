package io.dataflow.sink.bigquery;

import java.util.Map;

/**
 * Estimates the JSON size of a row in an insertAll request, from above: every character that JSON
 * escapes counts as six bytes and every non-ASCII character as three, so a batch under the byte
 * limit is under it on the wire too. One pass over the characters, no serialisation.
 */
final class RowSize {
  /** Per row: {"insertId":"..","json":{..}}, and per value: "name":"..", */
  private static final int ROW_OVERHEAD = 32;

  private static final int VALUE_OVERHEAD = 6;

  private RowSize() {}

  static long estimate(String insertId, Map<String, Object> values) {
    long n = ROW_OVERHEAD + escaped(insertId);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() != null) {
        n += VALUE_OVERHEAD + e.getKey().length() + escaped(e.getValue().toString());
      }
    }
    return n;
  }

  static long escaped(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        n += 6;
      } else if (c < 0x80) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
