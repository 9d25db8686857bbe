package io.dataflow.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.EnabledStages;
import io.dataflow.config.Stage;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelStageTest {
  private final EnabledStages ingestionOnly = EnabledStages.of(EnumSet.of(Stage.INGESTION));

  @Test
  void channelWithoutStageIsConsumedEverywhere() {
    assertThat(ChannelStage.consumedHere(MapConfig.channel("raw-in", Map.of()), ingestionOnly))
        .isTrue();
  }

  @Test
  void channelOfAStageThatIsOffIsNotConsumed() {
    assertThat(
            ChannelStage.consumedHere(
                MapConfig.channel("raw-in", Map.of("stage", "enrich")), ingestionOnly))
        .isFalse();
  }

  @Test
  void channelOfSeveralStagesIsConsumedWhenAnyOfThemRuns() {
    assertThat(
            ChannelStage.consumedHere(
                MapConfig.channel("x", Map.of("stage", "enrich, ingestion")), ingestionOnly))
        .isTrue();
  }

  @Test
  void unknownStageFailsNamingTheChannelAttribute() {
    assertThatThrownBy(
            () ->
                ChannelStage.consumedHere(
                    MapConfig.channel("raw-in", Map.of("stage", "enrichh")), ingestionOnly))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mp.messaging.incoming.raw-in.stage");
  }
}
