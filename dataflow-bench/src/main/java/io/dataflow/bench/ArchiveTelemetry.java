package io.dataflow.bench;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Enriched telemetry envelopes for the archive benchmarks: about 500 bytes of JSONL each. */
final class ArchiveTelemetry {
  private ArchiveTelemetry() {}

  static List<Envelope> envelopes(int n, long seed) {
    Random random = new Random(seed);
    List<Envelope> out = new ArrayList<>(n);
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    String[] locations = {"berlin", "paris", "rome"};
    for (int i = 0; i < n; i++) {
      String device = "sensor-" + random.nextInt(500);
      Instant t = t0.plusMillis(i * 250L + random.nextInt(200));
      String payload =
          String.format(
              "{\"temperature\":%.2f,\"humidity\":%.1f,\"pressure\":%.1f,\"battery\":%.3f,"
                  + "\"rssi\":%d,\"seq\":%d,\"status\":\"%s\"}",
              15 + random.nextDouble() * 10,
              30 + random.nextDouble() * 40,
              990 + random.nextDouble() * 30,
              3 + random.nextDouble(),
              -40 - random.nextInt(60),
              i,
              random.nextInt(20) == 0 ? "warn" : "ok");
      out.add(
          new Envelope(
              Envelope.CURRENT_VERSION,
              UUID.nameUUIDFromBytes(("m" + i).getBytes(StandardCharsets.UTF_8)).toString(),
              device,
              t,
              t.plusMillis(30 + random.nextInt(100)),
              new Source("devices/" + device + "/telemetry", "telemetry"),
              Map.of("qos", "1", "mqttTopic", "devices/" + device + "/telemetry"),
              Payload.json(payload),
              Map.of(
                  "location",
                  locations[random.nextInt(3)],
                  "model",
                  "TH-200",
                  "firmware",
                  "2.4." + random.nextInt(5),
                  "owner",
                  "fleet-" + random.nextInt(20))));
    }
    return out;
  }
}
