package io.dataflow.loadgen.verify;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import io.dataflow.loadgen.MessageKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code <data-dir>/dead-letters/dead-letters.jsonl}: one envelope with dlq.* attributes per
 * line.
 */
public final class DeadLetterReader {
  /** A dead letter of one of our messages. */
  public record Entry(MessageKey key, String stage, String reason, String error) {}

  /** What the scan found. */
  public record Scan(boolean present, String location, long lines, long unreadable) {}

  /** Receives entries. */
  public interface Listener {
    void entry(Entry entry);

    /** A dead letter that is not one of our messages. */
    void foreign(String stage, String reason);
  }

  private final Path file;

  public DeadLetterReader(Path dataDir) {
    this.file = dataDir.resolve("dead-letters").resolve("dead-letters.jsonl");
  }

  public Scan read(Listener listener) throws IOException {
    if (!Files.exists(file)) {
      return new Scan(false, file.toString(), 0, 0);
    }
    long lines = 0;
    long unreadable = 0;
    // An InputStreamReader replaces malformed bytes (a line cut short by a crash) instead of
    // failing.
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        lines++;
        Optional<DeadLetter> d;
        try {
          d = DeadLetter.fromEnvelope(EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
        } catch (EnvelopeFormatException | RuntimeException e) {
          unreadable++;
          continue;
        }
        if (d.isEmpty()) {
          unreadable++;
          continue;
        }
        DeadLetter dl = d.get();
        Envelope e = dl.envelope();
        Optional<Observation> o =
            Observation.of(e.deviceId(), e.payload().toBytes(), e.id(), e.receivedAt(), null);
        if (o.isPresent()) {
          listener.entry(new Entry(o.get().key(), dl.stage(), dl.reason(), dl.error()));
        } else {
          listener.foreign(dl.stage(), dl.reason());
        }
      }
    }
    return new Scan(true, file.toString(), lines, unreadable);
  }
}
