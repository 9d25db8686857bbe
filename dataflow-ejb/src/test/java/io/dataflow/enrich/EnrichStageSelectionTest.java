package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.envelope.Envelope;
import io.dataflow.testing.MapConfig;
import io.dataflow.testing.NamedInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * The start-up error of the enrich stage for a key extractor or applier name that no bean has: it
 * names the key, its environment variable, the unknown value and the names there are. (That a known
 * name selects its bean is checked in the container: NamedSelectionArquillianIT.)
 */
class EnrichStageSelectionTest {
  private static final Publisher<org.eclipse.microprofile.reactive.messaging.Message<Envelope>>
      NOTHING = s -> {};

  private static EnrichStage stage(String... config) {
    EnrichStage stage = new EnrichStage();
    stage.config = MapConfig.of(config);
    stage.keyExtractors =
        NamedInstance.of(
            Map.of(
                DeviceIdKeyExtractor.NAME,
                new DeviceIdKeyExtractor(),
                "serial-number",
                e -> e.attributes().get("serial")));
    stage.appliers =
        NamedInstance.of(
            Map.of(
                EnrichmentMapApplier.NAME, new EnrichmentMapApplier(), "attributes", (e, m) -> e));
    return stage;
  }

  @Test
  void anUnknownKeyExtractorFailsNamingTheKeyAndTheBeansThereAre() {
    EnrichStage stage = stage("dataflow.enrich.key-extractor", "imei");

    assertThatThrownBy(() -> stage.enrich(NOTHING))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'imei'")
        .hasMessageContaining("dataflow.enrich.key-extractor")
        .hasMessageContaining("DATAFLOW_ENRICH_KEY_EXTRACTOR")
        .hasMessageContaining("KeyExtractor")
        .hasMessageEndingWith("one of: device-id, serial-number");
  }

  @Test
  void anUnknownApplierFailsNamingTheKeyAndTheBeansThereAre() {
    EnrichStage stage =
        stage("dataflow.enrich.key-extractor", "serial-number", "dataflow.enrich.applier", "flat");

    assertThatThrownBy(() -> stage.enrich(NOTHING))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'flat'")
        .hasMessageContaining("dataflow.enrich.applier")
        .hasMessageContaining("DATAFLOW_ENRICH_APPLIER")
        .hasMessageContaining("MetadataApplier")
        .hasMessageEndingWith("one of: attributes, enrichment-map");
  }

  @Test
  void aNameIsMatchedAfterTrimmingButNotCaseFolded() {
    EnrichStage stage = stage("dataflow.enrich.key-extractor", "Device-Id");

    assertThatThrownBy(() -> stage.enrich(NOTHING))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'Device-Id'");
  }
}
