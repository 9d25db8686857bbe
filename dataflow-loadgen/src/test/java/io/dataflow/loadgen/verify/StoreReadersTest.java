package io.dataflow.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.deadletter.DeadLetter;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.loadgen.FuzzKind;
import io.dataflow.loadgen.MessageKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreReadersTest {
  @TempDir Path dataDir;

  @Test
  void archiveReaderReadsEveryObjectAndTakesTheObjectTimeAsWriteTime() throws Exception {
    StoreFixture fx = new StoreFixture(dataDir);
    Instant written = StoreFixture.RECEIVED.plusMillis(1500);
    fx.archiveObject(
        "a",
        List.of(StoreFixture.envelope("r1", "d1", 1), StoreFixture.envelope("r1", "d1", 2)),
        written);
    fx.archiveObject("b", List.of(StoreFixture.envelope("r1", "d2", 1)), written);
    List<Observation> seen = new ArrayList<>();

    SinkReader.Scan scan = new ArchiveReader(dataDir).read(seen::add);

    assertThat(scan.present()).isTrue();
    assertThat(scan.records()).isEqualTo(3);
    assertThat(seen)
        .extracting(Observation::key)
        .containsExactlyInAnyOrder(
            new MessageKey("r1", "d1", 1),
            new MessageKey("r1", "d1", 2),
            new MessageKey("r1", "d2", 1));
    assertThat(seen).allSatisfy(o -> assertThat(o.writtenAt()).isEqualTo(written));
  }

  @Test
  void archiveReaderCountsATruncatedObjectAndKeepsWhatItCouldRead() throws Exception {
    StoreFixture fx = new StoreFixture(dataDir);
    List<Envelope> many = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      many.add(StoreFixture.envelope("r1", "d1", i));
    }
    Path object = fx.archiveObject("cut", many, Instant.now());
    byte[] whole = Files.readAllBytes(object);
    Files.write(object, java.util.Arrays.copyOf(whole, whole.length / 2));
    List<Observation> seen = new ArrayList<>();

    SinkReader.Scan scan = new ArchiveReader(dataDir).read(seen::add);

    assertThat(scan.unreadable()).isEqualTo(1);
    assertThat(seen.size()).isBetween(1, 1999);
  }

  @Test
  void absentStoresAreReportedAsAbsent() throws Exception {
    assertThat(new ArchiveReader(dataDir).read(o -> {}).present()).isFalse();
    assertThat(new WarehouseReader(dataDir).read(o -> {}).present()).isFalse();
    assertThat(
            new DeadLetterReader(dataDir)
                .read(new Ledger(new Expectation()).deadLetterListener())
                .present())
        .isFalse();
    assertThat(Files.exists(dataDir.resolve("warehouse/dataflow.mv.db"))).isFalse();
  }

  @Test
  void deadLetterReaderKeysFuzzInputByDeviceIdAndSkipsGarbage() throws Exception {
    StoreFixture fx = new StoreFixture(dataDir);
    Envelope fuzz =
        new Envelope(
            1,
            "x",
            FuzzKind.BYTES.deviceId("r9", 4),
            StoreFixture.RECEIVED,
            StoreFixture.RECEIVED,
            new Source("t", "telemetry"),
            Map.of(),
            Payload.bytes(new byte[] {1, 2, (byte) 0xFF}),
            Map.of());
    Envelope other =
        new Envelope(
            1,
            "y",
            "thermostat",
            StoreFixture.RECEIVED,
            StoreFixture.RECEIVED,
            new Source("t", "telemetry"),
            Map.of(),
            Payload.json("{}"),
            Map.of());
    fx.deadLetters(
        List.of(
            new DeadLetter("ingestion", "not-json", "bad", StoreFixture.RECEIVED, fuzz),
            new DeadLetter(
                "enrich", "unknown-device", "no such device", StoreFixture.RECEIVED, other)),
        "{\"v\":1,\"id\":\"cut sh");
    List<DeadLetterReader.Entry> entries = new ArrayList<>();
    List<String> foreign = new ArrayList<>();

    DeadLetterReader.Scan scan =
        new DeadLetterReader(dataDir)
            .read(
                new DeadLetterReader.Listener() {
                  @Override
                  public void entry(DeadLetterReader.Entry e) {
                    entries.add(e);
                  }

                  @Override
                  public void foreign(String stage, String reason) {
                    foreign.add(stage + "/" + reason);
                  }
                });

    assertThat(scan.lines()).isEqualTo(3);
    assertThat(scan.unreadable()).isEqualTo(1);
    assertThat(entries)
        .containsExactly(
            new DeadLetterReader.Entry(
                new MessageKey("r9", "fuzz/bytes", 4), "ingestion", "not-json", "bad"));
    assertThat(foreign).containsExactly("enrich/unknown-device");
  }

  @Test
  void warehouseReaderReadsRowsAndAWriteTimeColumnWhenThereIsOne() throws Exception {
    Instant written = StoreFixture.RECEIVED.plusMillis(250);
    new StoreFixture(dataDir)
        .warehouse(
            List.of(StoreFixture.envelope("r1", "d1", 1), StoreFixture.envelope("r1", "d1", 2)),
            true,
            written);
    List<Observation> seen = new ArrayList<>();

    SinkReader.Scan scan = new WarehouseReader(dataDir).read(seen::add);

    assertThat(scan.records()).isEqualTo(2);
    assertThat(scan.note()).contains("WRITTEN_AT");
    assertThat(seen).extracting(Observation::receivedAt).containsOnly(StoreFixture.RECEIVED);
    assertThat(seen).extracting(Observation::writtenAt).containsOnly(written);
  }

  @Test
  void warehouseReaderWithoutAWriteTimeColumnSaysLatencyIsNotMeasured() throws Exception {
    new StoreFixture(dataDir).warehouse(List.of(StoreFixture.envelope("r1", "d1", 1)), false, null);
    List<Observation> seen = new ArrayList<>();

    SinkReader.Scan scan = new WarehouseReader(dataDir).read(seen::add);

    assertThat(seen).singleElement().satisfies(o -> assertThat(o.writtenAt()).isNull());
    assertThat(scan.note()).contains("not measured");
  }
}
