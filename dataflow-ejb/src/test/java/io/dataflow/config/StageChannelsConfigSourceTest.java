package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StageChannelsConfigSourceTest {
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void channelsOfStagesThatAreOffAreDisabled() {
    Map<String, String> p = StageChannelsConfigSource.compute("ingestion", loader);
    assertThat(p)
        .containsEntry("mp.messaging.incoming.raw-in.enabled", "false")
        .containsEntry("mp.messaging.outgoing.enriched-out.enabled", "false")
        .containsEntry("mp.messaging.incoming.enriched-bigquery.enabled", "false")
        .containsEntry("mp.messaging.incoming.enriched-archive.enabled", "false")
        .doesNotContainKey("mp.messaging.incoming.mqtt.enabled")
        .doesNotContainKey("mp.messaging.outgoing.raw-out.enabled")
        .doesNotContainKey("mp.messaging.incoming.dead-letter-in.enabled");
  }

  @Test
  void allStagesDisableNothingAndABadValueIsLeftToTheExtensionToReport() {
    assertThat(StageChannelsConfigSource.compute("all", loader)).isEmpty();
    assertThat(StageChannelsConfigSource.compute("ingestion,nonsense", loader)).isEmpty();
  }
}
