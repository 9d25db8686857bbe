package io.dataflow.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Builds the bad input of a fuzz run. Deterministic for a given random generator, so a failing run
 * can be replayed with the same {@code --seed}. Each kind guarantees what its name says (the unit
 * tests check it): truncated payloads never parse, nested ones exceed the nesting limit, bad UTF-8
 * never decodes, oversize ones exceed the limit given.
 */
public final class FuzzPayloads {
  /** Smallest nesting used for {@link FuzzKind#NESTED}; the codec accepts 64 levels. */
  public static final int MIN_NESTING = 65;

  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC3, 0x28}, // 2-byte lead followed by ASCII
    {(byte) 0xFF}, // never valid
    {(byte) 0x80}, // lone continuation byte
    {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // UTF-16 surrogate
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80} // beyond U+10FFFF
  };

  private final RandomGenerator random;
  private final int oversizeBytes;

  /**
   * @param random the source of randomness
   * @param oversizeBytes the size of an oversize payload: more than the pipeline's limit
   */
  public FuzzPayloads(RandomGenerator random, int oversizeBytes) {
    this.random = random;
    this.oversizeBytes = oversizeBytes;
  }

  /** A kind drawn by the kinds' weights. */
  public FuzzKind nextKind() {
    int total = 0;
    for (FuzzKind k : FuzzKind.values()) {
      total += k.weight();
    }
    int r = random.nextInt(total);
    for (FuzzKind k : FuzzKind.values()) {
      r -= k.weight();
      if (r < 0) {
        return k;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** A payload of the given kind. */
  public byte[] payload(FuzzKind kind, String run, String deviceId, long seq) {
    return switch (kind) {
      case BYTES -> randomBytes(random.nextInt(2049));
      case TRUNCATED -> truncated(valid(run, deviceId, seq));
      case NESTED -> nested(MIN_NESTING + random.nextInt(2000));
      case BADUTF8 -> badUtf8(run, seq);
      case OVERSIZE -> TelemetryPayload.build(run, deviceId, seq, now(), oversizeBytes);
      case VALID, NOTOPIC, LONGID, RESERVEDID -> valid(run, deviceId, seq);
      case FARTIME -> farTime(run, seq);
      case PRETTY -> pretty(run, seq);
      case NULESCAPE ->
          ("{\"run\":\"" + run + "\",\"seq\":" + seq + ",\"text\":\"a\\u0000b\"}")
              .getBytes(StandardCharsets.US_ASCII);
    };
  }

  private static final String[] FAR_TIMES = {
    "\"+10000-01-01T00:00:00Z\"",
    "\"+10005-06-01T12:00:00Z\"",
    "\"+999999999-12-31T23:59:59.999999999Z\"",
    "\"-999999999-01-01T00:00:00Z\"",
    Long.toString(Long.MAX_VALUE),
    "1e300"
  };

  byte[] farTime(String run, long seq) {
    String ts = FAR_TIMES[random.nextInt(FAR_TIMES.length)];
    return ("{\"run\":\"" + run + "\",\"seq\":" + seq + ",\"ts\":" + ts + "}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] pretty(String run, long seq) {
    return ("{\n  \"run\": \""
            + run
            + "\",\n  \"seq\": "
            + seq
            + ",\n  \"t\": [\n    1,\n    2\n  ]\n}\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The topic a message of the given kind is published on. */
  public String topic(FuzzKind kind, String topicTemplate, String deviceId) {
    if (kind != FuzzKind.NOTOPIC) {
      return topicTemplate.replace("{deviceId}", deviceId);
    }
    return switch (random.nextInt(3)) {
      case 0 -> "fuzz/" + deviceId + "/telemetry";
      case 1 -> topicTemplate.replace("{deviceId}", deviceId) + "/extra";
      default -> topicTemplate.replace("{deviceId}", deviceId + "/x");
    };
  }

  byte[] valid(String run, String deviceId, long seq) {
    return TelemetryPayload.build(run, deviceId, seq, now(), 40 + random.nextInt(400));
  }

  byte[] truncated(byte[] whole) {
    int cut = 1 + random.nextInt(whole.length - 1);
    byte[] out = new byte[cut];
    System.arraycopy(whole, 0, out, 0, cut);
    return out;
  }

  static byte[] nested(int depth) {
    StringBuilder s = new StringBuilder(depth * 6 + 2);
    for (int i = 0; i < depth; i++) {
      s.append(i % 2 == 0 ? "{\"a\":" : "[");
    }
    s.append('1');
    for (int i = depth - 1; i >= 0; i--) {
      s.append(i % 2 == 0 ? '}' : ']');
    }
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  byte[] badUtf8(String run, long seq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"run\":\"" + run + "\",\"seq\":" + seq + ",\"text\":\"").getBytes());
    int bad = 1 + random.nextInt(3);
    for (int i = 0; i < bad; i++) {
      out.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
    }
    out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
