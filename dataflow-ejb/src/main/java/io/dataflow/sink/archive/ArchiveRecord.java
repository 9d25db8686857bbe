package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;

/**
 * An envelope on its way into a batch, with its JSONL line already encoded by the codec: the
 * batcher needs the exact size before the record joins a group (to seal the group first when the
 * record would take it past its byte limit), and encoding once serves both.
 *
 * @param envelope the envelope
 * @param line its JSON, without the newline
 */
public record ArchiveRecord(Envelope envelope, byte[] line) {
  public static ArchiveRecord of(Envelope envelope) {
    return new ArchiveRecord(envelope, EnvelopeCodec.encode(envelope));
  }

  /** Bytes the record adds to an object before compression, newline included. */
  public long rawBytes() {
    return line.length + 1L;
  }
}
