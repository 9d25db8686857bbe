package io.dataflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTest {
  @Test
  void theSampleDeviceFileIsAFleet() throws Exception {
    Fleet fleet = Fleet.read(Path.of("../liberty/devices.json"));

    assertThat(fleet.size()).isEqualTo(50);
    assertThat(fleet.get(0).id()).isEqualTo("d1");
    assertThat(fleet.get(0).location()).isEqualTo("plant-north");
    assertThat(fleet.locations()).isEqualTo(3);
  }

  @Test
  void aWrittenFleetReadsBackAsTheSameDevices(@TempDir Path dir) throws Exception {
    Fleet generated = new Fleet(5, 2);
    Path file = dir.resolve("devices.json");
    generated.writeDeviceFile(file);

    assertThat(Fleet.read(file).devices()).isEqualTo(generated.devices());
  }

  @Test
  void anEmptyOrMalformedFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");

    assertThatThrownBy(() -> Fleet.read(empty))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty.json lists no device");
    assertThatThrownBy(() -> Fleet.read(broken))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.json");
  }
}
