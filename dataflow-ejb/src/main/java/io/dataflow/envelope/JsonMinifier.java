package io.dataflow.envelope;

import java.util.Arrays;

/**
 * Removes the insignificant whitespace (space, tab, LF, CR) outside string literals from UTF-8
 * JSON, byte by byte, without parsing it into values: the JSON value is unchanged (numbers, key
 * order, duplicate keys and escapes such as {@code \u0000} are kept as written). A leading UTF-8
 * byte order mark, which is not part of the value, is dropped too.
 *
 * <p>Valid JSON has no raw control characters inside strings, so the result has no line breaks and
 * can be embedded in a JSONL line. Should a caller hand in text that breaks that rule, a raw
 * control character inside a string is written as its {@code \}{@code u00XX} escape, so a line
 * still never splits. Thread-safe (stateless).
 */
public final class JsonMinifier {
  private JsonMinifier() {}

  /**
   * The JSON without insignificant whitespace. Returns {@code json} itself when there is nothing to
   * remove (the common, already compact, case); never modifies it.
   */
  public static byte[] minify(byte[] json) {
    int start = hasUtf8Bom(json) ? 3 : 0;
    if (start == 0 && isCompact(json)) {
      return json;
    }
    byte[] out = new byte[json.length];
    int n = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = start; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        } else if (b >= 0 && b < 0x20) {
          out = ensure(out, n + 6);
          n = writeControlEscape(out, n, b);
          continue;
        }
        out = ensure(out, n + 1);
        out[n++] = b;
      } else if (!isWhitespace(b)) {
        if (b == '"') {
          inString = true;
        }
        out = ensure(out, n + 1);
        out[n++] = b;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Whether nothing would change: no whitespace outside strings, no control byte inside them. */
  private static boolean isCompact(byte[] json) {
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        } else if (b >= 0 && b < 0x20) {
          return false;
        }
      } else if (isWhitespace(b)) {
        return false;
      } else if (b == '"') {
        inString = true;
      }
    }
    return true;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static boolean hasUtf8Bom(byte[] json) {
    return json.length >= 3
        && json[0] == (byte) 0xEF
        && json[1] == (byte) 0xBB
        && json[2] == (byte) 0xBF;
  }

  private static int writeControlEscape(byte[] out, int n, byte b) {
    final String hex = "0123456789abcdef";
    out[n++] = '\\';
    out[n++] = 'u';
    out[n++] = '0';
    out[n++] = '0';
    out[n++] = (byte) hex.charAt(b >> 4);
    out[n++] = (byte) hex.charAt(b & 0xf);
    return n;
  }

  private static byte[] ensure(byte[] out, int size) {
    return size <= out.length ? out : Arrays.copyOf(out, Math.max(size, out.length * 2));
  }
}
