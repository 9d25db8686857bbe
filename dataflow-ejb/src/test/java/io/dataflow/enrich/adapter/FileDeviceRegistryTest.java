package io.dataflow.enrich.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceRegistryTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsJsonArrayWithoutTheIdInTheMetadata() throws IOException {
    FileDeviceRegistry r =
        FileDeviceRegistry.load(
            write(
                "devices.json",
                "[{\"id\":\"d1\",\"name\":\"Boiler\",\"floor\":3,\"tags\":[\"a\"]},{\"id\":\"d2\",\"name\":\"Fan\"}]"));
    Map<String, Map<String, Object>> found = r.findAll(List.of("d1", "d2", "ghost"));
    assertThat(found).containsOnlyKeys("d1", "d2");
    assertThat(found.get("d1"))
        .containsEntry("name", "Boiler")
        .containsEntry("floor", 3)
        .containsEntry("tags", List.of("a"))
        .doesNotContainKey("id");
  }

  @Test
  void readsCsvWithQuotedFields() throws IOException {
    FileDeviceRegistry r =
        FileDeviceRegistry.load(
            write(
                "devices.csv",
                "id,name,location\r\nd1,\"Boiler, main\",plant-north\n\nd2,\"Fan \"\"B\"\"\",plant-south\n"));
    assertThat(r.findAll(List.of("d1")).get("d1"))
        .containsEntry("name", "Boiler, main")
        .containsEntry("location", "plant-north");
    assertThat(r.findAll(List.of("d2")).get("d2")).containsEntry("name", "Fan \"B\"");
    assertThat(r.size()).isEqualTo(2);
  }

  @Test
  void rejectsDeviceWithoutIdAndDuplicateIds() throws IOException {
    assertThatThrownBy(() -> FileDeviceRegistry.load(write("a.json", "[{\"name\":\"x\"}]")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("device 1 has no 'id'");
    assertThatThrownBy(() -> FileDeviceRegistry.load(write("b.csv", "id,name\nd1,x\nd1,y\n")))
        .hasMessageContaining("'d1' appears twice");
    assertThatThrownBy(() -> FileDeviceRegistry.load(write("c.csv", "id,name\nd1\n")))
        .hasMessageContaining("has 1 fields, header has 2");
  }

  @Test
  void shippedSampleFileHasFiftyDevicesOverThreeLocations() throws IOException {
    Path sample = Path.of("..", "liberty", "devices.json");
    FileDeviceRegistry r = FileDeviceRegistry.load(sample);
    List<String> ids = IntStream.rangeClosed(1, 50).mapToObj(i -> "d" + i).toList();
    Map<String, Map<String, Object>> found = r.findAll(ids);
    assertThat(r.size()).isEqualTo(50);
    assertThat(r.ids()).containsExactlyInAnyOrderElementsOf(ids).isSorted();
    assertThat(found).hasSize(50);
    assertThat(found.values())
        .allSatisfy(d -> assertThat(d).containsKeys("name", "location", "serviceTag"));
    assertThat(found.values().stream().map(d -> d.get("location")).collect(Collectors.toSet()))
        .hasSize(3);
  }
}
