package io.dataflow.sink.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An order-independent digest of the message ids of a batch: the lane-wise sum (mod 2^64) of the
 * SHA-256 of each id, finished with SHA-256 over the sums and the count. The same ids in any order
 * give the same digest, so a batch rebuilt from redelivered messages in another order still gets
 * the same object name. Holds 40 bytes whatever the batch size. Not thread-safe.
 */
final class IdDigest {
  private final MessageDigest sha256 = newSha256();
  private final long[] lanes = new long[4];
  private long count;

  void add(String id) {
    ByteBuffer hash = ByteBuffer.wrap(sha256.digest(id.getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] += hash.getLong();
    }
    count++;
  }

  /** The digest as lower-case hex (64 characters). */
  String hex() {
    ByteBuffer state = ByteBuffer.allocate(8 * (lanes.length + 1));
    for (long lane : lanes) {
      state.putLong(lane);
    }
    state.putLong(count);
    return HexFormat.of().formatHex(newSha256().digest(state.array()));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
