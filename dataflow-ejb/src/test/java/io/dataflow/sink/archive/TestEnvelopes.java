package io.dataflow.sink.archive;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.EnvelopeFormatException;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Envelopes for archive tests, and reading gzip JSONL objects back. */
public final class TestEnvelopes {
  private TestEnvelopes() {}

  public static Envelope envelope(String id, String location, Instant eventTime) {
    Envelope e =
        new Envelope(
            Envelope.CURRENT_VERSION,
            id,
            "device-" + Math.abs(id.hashCode() % 50),
            eventTime,
            eventTime.plusMillis(40),
            new Source("devices/d/telemetry", "telemetry"),
            Map.of("qos", "1"),
            Payload.json(
                "{\"temperature\":21.5,\"humidity\":40,\"battery\":3.61,\"seq\":"
                    + Math.abs(id.hashCode())
                    + "}"),
            Map.of());
    return location == null ? e : e.withEnrichment(Map.of("location", location, "site", "s1"));
  }

  /** Gunzips an object and decodes each line with the envelope codec. */
  public static List<Envelope> readBack(byte[] gzipJsonl) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipJsonl))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Envelope> out = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (!line.isEmpty()) {
          out.add(EnvelopeCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (EnvelopeFormatException e) {
      throw new AssertionError("object line is not an envelope", e);
    }
  }

  /** A sealed object of the given envelopes under a key. */
  public static ArchiveObject object(String key, List<Envelope> envelopes) {
    GzipJsonlAccumulator acc = new GzipJsonlAccumulator();
    envelopes.forEach(acc::add);
    return acc.seal(new ArchiveGroupKey(key));
  }
}
