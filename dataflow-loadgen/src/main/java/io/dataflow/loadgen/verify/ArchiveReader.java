package io.dataflow.loadgen.verify;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads every {@code *.jsonl.gz} object under {@code <data-dir>/archive}: one envelope per line.
 * The write time of a record is its object's last-modified time: the archive writes an object once,
 * whole, when its batch is sealed, so that is when the record became durable.
 */
public final class ArchiveReader implements SinkReader {
  private final Path root;

  public ArchiveReader(Path dataDir) {
    this.root = dataDir.resolve("archive");
  }

  @Override
  public String name() {
    return "archive";
  }

  @Override
  public String stage() {
    return "archive";
  }

  @Override
  public Scan read(Consumer<Observation> sink) throws IOException {
    if (!Files.isDirectory(root)) {
      return new Scan(false, root.toString(), 0, 0, "no archive directory");
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(root)) {
      objects =
          files.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
    }
    long records = 0;
    long unreadable = 0;
    for (Path object : objects) {
      Instant written = Files.getLastModifiedTime(object).toInstant();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(object), 65536),
                  StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          records++;
          try {
            Envelope e = EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8));
            Observation.of(e.deviceId(), e.payload().toBytes(), e.id(), e.receivedAt(), written)
                .ifPresent(sink);
          } catch (EnvelopeFormatException ex) {
            unreadable++;
          }
        }
      } catch (IOException e) {
        // A truncated object (crash mid-write) is counted, and what was read of it is kept.
        unreadable++;
      }
    }
    return new Scan(
        true,
        root.toString(),
        records,
        unreadable,
        objects.size() + " objects; write time = object last-modified time");
  }
}
