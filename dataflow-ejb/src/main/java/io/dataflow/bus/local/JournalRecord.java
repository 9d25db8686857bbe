package io.dataflow.bus.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One record of a topic journal segment, framed as {@code int length, int crc32, body} where the
 * body is {@code byte type, long seq, data}. PUBLISH carries the envelope as {@link
 * io.dataflow.envelope.EnvelopeCodec} bytes; ACK and SUBSCRIBE carry a subscription name (UTF-8).
 *
 * @param type {@link #PUBLISH}, {@link #ACK} or {@link #SUBSCRIBE}
 * @param seq the message sequence number (PUBLISH, ACK) or the last sequence number before the
 *     subscription existed (SUBSCRIBE)
 * @param data envelope bytes or subscription name bytes
 */
record JournalRecord(byte type, long seq, byte[] data) {
  static final byte PUBLISH = 1;
  static final byte ACK = 2;
  static final byte SUBSCRIBE = 3;
  static final int MAX_BODY = 64 << 20;

  /** {@code int length, int crc32}. */
  static final int HEADER = 8;

  /** {@code byte type, long seq}: the shortest body. */
  static final int BODY_PREFIX = 9;

  static JournalRecord publish(long seq, byte[] envelope) {
    return new JournalRecord(PUBLISH, seq, envelope);
  }

  static JournalRecord ack(String subscription, long seq) {
    return new JournalRecord(ACK, seq, subscription.getBytes(StandardCharsets.UTF_8));
  }

  static JournalRecord subscribe(String subscription, long boundary) {
    return new JournalRecord(SUBSCRIBE, boundary, subscription.getBytes(StandardCharsets.UTF_8));
  }

  String subscription() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** The framed record, ready to append. */
  ByteBuffer frame() {
    int bodyLength = BODY_PREFIX + data.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + bodyLength);
    b.putInt(bodyLength).putInt(0).put(type).putLong(seq).put(data);
    CRC32 crc = new CRC32();
    crc.update(b.array(), HEADER, bodyLength);
    b.putInt(4, (int) crc.getValue());
    return b.flip();
  }

  /** Bytes of the framed record. */
  int frameLength() {
    return HEADER + BODY_PREFIX + data.length;
  }

  /** The record of a frame's body, or null when the body does not match the frame's checksum. */
  static JournalRecord decode(int crc, byte[] body) {
    CRC32 actual = new CRC32();
    actual.update(body);
    if ((int) actual.getValue() != crc || body.length < BODY_PREFIX) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    byte type = b.get();
    long seq = b.getLong();
    byte[] data = new byte[b.remaining()];
    b.get(data);
    return new JournalRecord(type, seq, data);
  }
}
