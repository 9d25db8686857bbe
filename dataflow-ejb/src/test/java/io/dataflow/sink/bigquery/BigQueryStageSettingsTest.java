package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.testing.MapConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BigQueryStageSettingsTest {
  @Test
  void theDefaultsAre500Rows9MegabytesAnd5Seconds() {
    BatchLimits limits = BigQueryConfig.read(MapConfig.of()).limits();
    assertThat(limits)
        .isEqualTo(new BatchLimits(500, 9_000_000, Duration.ofSeconds(5), Duration.ZERO));
    assertThat(BigQueryConfig.read(MapConfig.of()).bounds())
        .isEqualTo(new BatcherBounds(5_000, 64_000_000, 1, 4));
  }

  @Test
  void theKeysSetTheBatchLimitsAndBounds() {
    MapConfig config =
        MapConfig.of(
            "dataflow.bigquery.max-batch-rows", "100",
            "dataflow.bigquery.max-batch-bytes", "2000000",
            "dataflow.bigquery.max-batch-age", "750ms",
            "dataflow.bigquery.max-pending-rows", "800",
            "dataflow.bigquery.max-concurrent-writes", "2");
    assertThat(BigQueryConfig.read(config).limits())
        .isEqualTo(new BatchLimits(100, 2_000_000, Duration.ofMillis(750), Duration.ZERO));
    assertThat(BigQueryConfig.read(config).bounds())
        .isEqualTo(new BatcherBounds(800, 64_000_000, 1, 2));
  }

  @Test
  void aBatchByteLimitOverTheRequestLimitFailsNamingTheKey() {
    assertThatThrownBy(
            () ->
                BigQueryConfig.read(MapConfig.of("dataflow.bigquery.max-batch-bytes", "20000000"))
                    .limits())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bigquery.max-batch-bytes")
        .hasMessageContaining("9500000");
  }

  @Test
  void anUnknownWriterFailsNamingTheAllowedValues() {
    assertThatThrownBy(
            () ->
                BigQuerySettings.WRITER.read(MapConfig.of("dataflow.bigquery.writer", "postgres")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bigquery.writer")
        .hasMessageContaining("embedded, bigquery");
  }

  @Test
  void storageWriteIsAWriterAndItsModeIsCommittedUnlessSetToDefault() {
    BigQueryConfig chosen =
        BigQueryConfig.read(MapConfig.of("dataflow.bigquery.writer", "storage-write"));
    assertThat(chosen.toStorageWrite()).isTrue();
    assertThat(chosen.toBigQuery()).isFalse();
    assertThat(chosen.cloud().storage().committed()).isTrue();
    assertThat(chosen.cloud().storage().streamMaxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(chosen.cloud().storage().ledgerRetention()).isEqualTo(Duration.ofMinutes(15));
    assertThat(
            BigQueryConfig.read(MapConfig.of("dataflow.bigquery.write-mode", "default"))
                .cloud()
                .storage()
                .committed())
        .isFalse();
  }

  @Test
  void anUnknownWriteModeFailsNamingTheAllowedValues() {
    assertThatThrownBy(
            () -> BigQueryConfig.read(MapConfig.of("dataflow.bigquery.write-mode", "pending")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.bigquery.write-mode")
        .hasMessageContaining("committed, default");
  }
}
