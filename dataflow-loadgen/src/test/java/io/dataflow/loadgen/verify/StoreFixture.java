package io.dataflow.loadgen.verify;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.EnvelopeCodec;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.loadgen.TelemetryPayload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes stores the way the pipeline's contracts describe them, for the verifier's tests. */
final class StoreFixture {
  static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");
  private final Path dataDir;

  StoreFixture(Path dataDir) {
    this.dataDir = dataDir;
  }

  static Envelope envelope(String run, String device, long seq) {
    byte[] payload = TelemetryPayload.build(run, device, seq, RECEIVED.toEpochMilli() - 10, 64);
    return new Envelope(
        1,
        run + "-" + device + "-" + seq,
        device,
        RECEIVED,
        RECEIVED,
        new Source("devices/" + device + "/telemetry", "telemetry"),
        Map.of(),
        Payload.json(payload),
        Map.of("location", "loc-000"));
  }

  /** One archive object holding the envelopes, last modified at {@code written}. */
  Path archiveObject(String name, List<Envelope> envelopes, Instant written) throws IOException {
    Path file = dataDir.resolve("archive").resolve("2026-01-01").resolve(name + ".jsonl.gz");
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (Envelope e : envelopes) {
        EnvelopeCodec.writeTo(e, out);
        out.write('\n');
      }
    }
    Files.setLastModifiedTime(file, FileTime.from(written));
    return file;
  }

  static final String STORE_PASSWORD = "fixture-password";

  void deadLetters(List<DeadLetter> letters, String... garbage) throws IOException {
    Path file = dataDir.resolve("dead-letters").resolve("dead-letters.jsonl");
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      for (DeadLetter d : letters) {
        out.write(EnvelopeCodec.encode(d.toEnvelope()));
        out.write('\n');
      }
      for (String g : garbage) {
        out.write(g.getBytes());
        out.write('\n');
      }
    }
  }

  /** The TELEMETRY table of the contract, optionally with a written_at column. */
  void warehouse(List<Envelope> rows, boolean withWrittenAt, Instant written)
      throws SQLException, IOException {
    // As the server does it: user sa with a password kept beside the database.
    Path warehouse = Files.createDirectories(dataDir.resolve("warehouse"));
    Files.writeString(warehouse.resolve("password"), STORE_PASSWORD + "\n");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:"
                    + warehouse.toAbsolutePath().resolve("dataflow")
                    + ";AUTO_SERVER=TRUE",
                "sa",
                STORE_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE TELEMETRY (message_id VARCHAR(64) PRIMARY KEY, device_id VARCHAR(128),"
              + " event_time TIMESTAMP WITH TIME ZONE, received_at TIMESTAMP WITH TIME ZONE,"
              + " location VARCHAR(64), name VARCHAR(64), service_tag VARCHAR(64), payload CLOB,"
              + " attributes CLOB"
              + (withWrittenAt ? ", written_at TIMESTAMP WITH TIME ZONE" : "")
              + ")");
      String insert =
          "INSERT INTO TELEMETRY (message_id, device_id, event_time, received_at, payload, attributes"
              + (withWrittenAt ? ", written_at) VALUES (?,?,?,?,?,?,?)" : ") VALUES (?,?,?,?,?,?)");
      try (PreparedStatement p = c.prepareStatement(insert)) {
        for (Envelope e : rows) {
          p.setString(1, e.id());
          p.setString(2, e.deviceId());
          p.setObject(3, e.eventTime().atOffset(java.time.ZoneOffset.UTC));
          p.setObject(4, e.receivedAt().atOffset(java.time.ZoneOffset.UTC));
          p.setString(5, e.payload().jsonText());
          p.setString(6, "{}");
          if (withWrittenAt) {
            p.setObject(7, written.atOffset(java.time.ZoneOffset.UTC));
          }
          p.executeUpdate();
        }
      }
    }
  }
}
