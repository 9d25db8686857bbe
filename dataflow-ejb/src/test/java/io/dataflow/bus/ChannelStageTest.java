package io.dataflow.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import io.dataflow.testing.MapConfig;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ChannelStageTest {
  private final StageSelection ingestionOnly = StageSelection.of(EnumSet.of(Stage.INGESTION));

  @Test
  void channelWithoutStageIsConsumedEverywhere() {
    assertThat(ChannelStage.consumedHere(MapConfig.of("channel-name", "raw-in"), ingestionOnly))
        .isTrue();
  }

  @Test
  void channelOfAStageThatIsOffIsNotConsumed() {
    assertThat(
            ChannelStage.consumedHere(
                MapConfig.of("channel-name", "raw-in", "stage", "enrich"), ingestionOnly))
        .isFalse();
  }

  @Test
  void channelOfSeveralStagesIsConsumedWhenAnyOfThemRuns() {
    assertThat(
            ChannelStage.consumedHere(
                MapConfig.of("channel-name", "x", "stage", "enrich, ingestion"), ingestionOnly))
        .isTrue();
  }

  @Test
  void unknownStageFailsNamingTheChannelAttribute() {
    assertThatThrownBy(
            () ->
                ChannelStage.consumedHere(
                    MapConfig.of("channel-name", "raw-in", "stage", "enrichh"), ingestionOnly))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mp.messaging.incoming.raw-in.stage");
  }
}
