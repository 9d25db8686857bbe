package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.testing.MapConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingTest {
  @Test
  void defaultsApplyAndValuesAreConverted() {
    Setting<Integer> n = Setting.integer("dataflow.x.max-batch-records", 500, 1, 1000, "d");
    assertThat(n.read(MapConfig.of())).isEqualTo(500);
    assertThat(n.read(MapConfig.of("dataflow.x.max-batch-records", " 7 "))).isEqualTo(7);
    assertThat(n.environmentVariable()).isEqualTo("DATAFLOW_X_MAX_BATCH_RECORDS");
  }

  @Test
  void durationsAcceptUnitsAndIso8601() {
    assertThat(Setting.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Setting.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Setting.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Setting.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Setting.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void badValuesFailNamingTheKeyTheVariableAndWhatIsAllowed() {
    Setting<String> bus = Setting.oneOf("dataflow.bus", "local", List.of("local", "pubsub"), "d");
    assertThatThrownBy(() -> bus.read(MapConfig.of("dataflow.bus", "kafka")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bus")
        .hasMessageContaining("DATAFLOW_BUS")
        .hasMessageContaining("one of local, pubsub");
    assertThatThrownBy(() -> Setting.integer("k", 1, 1, 10, "d").read(MapConfig.of("k", "11")))
        .hasMessageContaining("from 1 to 10");
    assertThatThrownBy(() -> Setting.duration("k", "1s", "d").read(MapConfig.of("k", "soon")))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> Setting.bool("k", true, "d").read(MapConfig.of("k", "yes")))
        .hasMessageContaining("true or false");
  }

  @Test
  void stagesParseAndUnknownStagesFail() {
    assertThat(EnabledStages.parse("ingestion, enrich"))
        .containsExactlyInAnyOrder(Stage.INGESTION, Stage.ENRICH);
    assertThat(EnabledStages.parse("all")).hasSize(4);
    assertThatThrownBy(() -> EnabledStages.parse("ingestion,bigquerry"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.stages")
        .hasMessageContaining("bigquery");
  }

  @Test
  void everyDeclaredSettingHasADescriptionAndAValidDefault() {
    for (Setting<?> s : SettingsCatalog.all()) {
      assertThat(s.description()).as(s.key()).isNotBlank();
      if (!s.defaultValue().isEmpty()) {
        s.parse(s.defaultValue());
      }
    }
  }
}
