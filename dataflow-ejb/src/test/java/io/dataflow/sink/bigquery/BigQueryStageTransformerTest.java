package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.testing.MapConfig;
import io.dataflow.testing.NamedInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up error of the BigQuery stage for a transformer name that no bean has. (That a known
 * name selects its bean is checked in the container: NamedSelectionArquillianIT.)
 */
class BigQueryStageTransformerTest {
  private static BigQueryStage channel(String transformer) {
    BigQueryStage channel = new BigQueryStage();
    channel.config = MapConfig.of("dataflow.bigquery.transformer", transformer);
    RowTransformer flat =
        new RowTransformer() {
          @Override
          public RowSchema schema() {
            return new DefaultRowTransformer().schema();
          }

          @Override
          public Row toRow(io.dataflow.envelope.Envelope e) {
            return Row.of(e.id(), Map.of());
          }
        };
    channel.transformers =
        NamedInstance.of(
            Map.of(DefaultRowTransformer.NAME, new DefaultRowTransformer(), "flat-rows", flat));
    return channel;
  }

  @Test
  void anUnknownTransformerFailsStartUpNamingTheKeyAndTheValue() {
    BigQueryStage channel = channel("wide-rows");

    // start() picks the transformer before it opens any writer or thread.
    assertThatThrownBy(channel::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'wide-rows'")
        .hasMessageContaining("dataflow.bigquery.transformer");
  }

  @Test
  void anUnknownTransformerFailsStartUpNamingTheEnvironmentVariableAndTheBeansThereAre() {
    BigQueryStage channel = channel("wide-rows");

    assertThatThrownBy(channel::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DATAFLOW_BIGQUERY_TRANSFORMER")
        .hasMessageContaining("default, flat-rows");
  }
}
