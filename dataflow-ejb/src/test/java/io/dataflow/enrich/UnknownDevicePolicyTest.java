package io.dataflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class UnknownDevicePolicyTest {
  @Test
  void parsesTheConfiguredWords() {
    assertThat(UnknownDevicePolicy.of("pass-through")).isEqualTo(UnknownDevicePolicy.PASS_THROUGH);
    assertThat(UnknownDevicePolicy.of("dead-letter")).isEqualTo(UnknownDevicePolicy.DEAD_LETTER);
  }

  @Test
  void badValueFailsNamingTheKey() {
    assertThatThrownBy(() -> EnrichSettings.UNKNOWN_DEVICE.parse("drop"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.enrich.unknown-device")
        .hasMessageContaining("pass-through, dead-letter");
  }
}
