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
  void aBoundedDurationRefusesValuesOutsideItsRangeNamingTheKeyAndTheRange() {
    Setting<Duration> d =
        Setting.duration(
            "dataflow.x.delay", "1s", Duration.ofMillis(10), Duration.ofMinutes(2), "desc");

    assertThat(d.read(MapConfig.of("dataflow.x.delay", "10ms"))).isEqualTo(Duration.ofMillis(10));
    assertThat(d.read(MapConfig.of("dataflow.x.delay", "2m"))).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.allowed()).startsWith("a duration from 10ms to 2m");
    assertThatThrownBy(() -> d.read(MapConfig.of("dataflow.x.delay", "9ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid value '9ms' for dataflow.x.delay (env DATAFLOW_X_DELAY): expected "
                + d.allowed());
    assertThatThrownBy(() -> d.read(MapConfig.of("dataflow.x.delay", "121s")))
        .hasMessageContaining("from 10ms to 2m");
  }

  @Test
  void invalidNamesTheKeyItsVariableTheValueAndTheReason() {
    Setting<String> s = Setting.string("dataflow.archive.key-template", "x", "d");

    assertThat(s.invalid("{oops}", "unknown field oops").getMessage())
        .isEqualTo(
            "Invalid value '{oops}' for dataflow.archive.key-template"
                + " (env DATAFLOW_ARCHIVE_KEY_TEMPLATE): unknown field oops");
    assertThat(Setting.invalid("mp.messaging.incoming.raw.stage", "x", "unknown stage x", null))
        .hasMessageContaining("(env MP_MESSAGING_INCOMING_RAW_STAGE)");
  }

  @Test
  void stagesParseAndUnknownStagesFail() {
    assertThat(StageSelection.parse("ingestion, enrich").all())
        .containsExactlyInAnyOrder(Stage.INGESTION, Stage.ENRICH);
    assertThat(StageSelection.parse("all").all()).hasSize(4);
    assertThatThrownBy(() -> StageSelection.parse("ingestion,bigquerry"))
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

  @Test
  void anInvalidValueNeverShowsAUrlPasswordOrASecretSetting() {
    ConfigurationException url =
        Setting.invalid(
            "dataflow.enrich.redis-url",
            "redis://:hunter2@cache:6379/x y",
            "not a URL",
            new java.net.URISyntaxException(
                "redis://:hunter2@cache:6379/x y", "Illegal character"));
    assertThat(url.getMessage()).contains("redis://:***@cache:6379").doesNotContain("hunter2");
    assertThat(url.getCause().getMessage()).doesNotContain("hunter2");

    ConfigurationException secret =
        Setting.invalid("dataflow.mqtt.tls.keystore-password", "hunter2", "too short", null);
    assertThat(secret.getMessage())
        .contains("dataflow.mqtt.tls.keystore-password")
        .contains("(secret, not shown)")
        .doesNotContain("hunter2");
  }
}
