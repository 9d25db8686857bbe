package io.dataflow.bus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.testing.MapConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttSourceOptionsTest {
  private static MqttSourceOptions read(Map<String, String> settings, String url) {
    return MqttSourceOptions.read(
        "mqtt-in", name -> Optional.empty(), new MapConfig(settings), url);
  }

  @Test
  void clientIdAndSharedGroupFromTheServerSettingsGiveOneClientPerPodOnASharedSubscription() {
    MqttSourceOptions o =
        read(
            Map.of(
                "dataflow.mqtt.client-id", "dataflow-ingestion-1",
                "dataflow.mqtt.shared-group", "dataflow",
                "dataflow.ingest.routes",
                    "telemetry=devices/{deviceId}/telemetry@1,state=devices/{deviceId}/state@0"),
            "tcp://127.0.0.1:1883");

    assertThat(o.clientId()).isEqualTo("dataflow-ingestion-1");
    assertThat(o.sharedGroup()).contains("dataflow");
    assertThat(o.filters())
        .containsExactly("$share/dataflow/devices/+/telemetry", "$share/dataflow/devices/+/state");
  }

  @Test
  void withoutASharedGroupTheFiltersAreSubscribedAsTheyAreUnderTheDefaultClientId() {
    MqttSourceOptions o = read(Map.of(), "tcp://127.0.0.1:1883");

    assertThat(o.clientId()).isEqualTo("dataflow-ingestion");
    assertThat(o.sharedGroup()).isEmpty();
    assertThat(o.filters()).containsExactly("devices/+/telemetry");
  }

  @Test
  void aChannelAttributeOverridesTheServerWideClientIdAndSharedGroup() {
    Map<String, String> attributes = Map.of("client-id", "channel-client", "shared-group", "g2");
    MqttSourceOptions o =
        MqttSourceOptions.read(
            "mqtt-in",
            name -> Optional.ofNullable(attributes.get(name)),
            new MapConfig(
                Map.of("dataflow.mqtt.client-id", "server", "dataflow.mqtt.shared-group", "g1")),
            "tcp://127.0.0.1:1883");

    assertThat(o.clientId()).isEqualTo("channel-client");
    assertThat(o.filters()).containsExactly("$share/g2/devices/+/telemetry");
  }

  @Test
  void aSharedGroupWithATopicLevelSeparatorOrWildcardIsRefusedNamingTheKey() {
    for (String bad : new String[] {"a/b", "group+", "#"}) {
      assertThatThrownBy(
              () -> read(Map.of("dataflow.mqtt.shared-group", bad), "tcp://127.0.0.1:1883"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("dataflow.mqtt.shared-group")
          .hasMessageContaining("DATAFLOW_MQTT_SHARED_GROUP")
          .hasMessageContaining("'/', '+' or '#'");
    }
  }

  @Test
  void credentialsOverPlaintextToABrokerBeyondLoopbackAreRefusedWithTheWayOut() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of("dataflow.mqtt.username", "ingest", "dataflow.mqtt.password", "s3cret"),
                    "tcp://broker.example.com:1883"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.mqtt.url")
        .hasMessageContaining("unencrypted")
        .hasMessageContaining("ssl://")
        .hasMessageContaining("DATAFLOW_MQTT_ALLOW_PLAINTEXT_CREDENTIALS=true")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aPasswordAloneCountsAsCredentials() {
    assertThatThrownBy(
            () -> read(Map.of("dataflow.mqtt.password", "s3cret"), "tcp://10.0.0.7:1883"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void plaintextCredentialsAreAcceptedWhenAllowedOrOnLoopbackOrWithoutCredentials() {
    assertThat(
            read(
                    Map.of(
                        "dataflow.mqtt.username", "ingest",
                        "dataflow.mqtt.password", "s3cret",
                        "dataflow.mqtt.allow-plaintext-credentials", "true"),
                    "tcp://broker.example.com:1883")
                .username())
        .contains("ingest");
    assertThat(
            read(
                    Map.of("dataflow.mqtt.username", "ingest", "dataflow.mqtt.password", "s3cret"),
                    "tcp://127.0.0.1:1883")
                .password())
        .contains("s3cret");
    assertThat(read(Map.of(), "tcp://broker.example.com:1883").username()).isEmpty();
  }

  @Test
  void toStringMasksThePassword() {
    MqttSourceOptions options =
        read(
            Map.of("dataflow.mqtt.username", "ingest", "dataflow.mqtt.password", "s3cret"),
            "tcp://localhost:1883");

    assertThat(options.toString())
        .contains("username=Optional[ingest]")
        .contains("password=Optional[***]")
        .doesNotContain("s3cret");
  }

  @Test
  void loopbackHostsAreTheLoopbackLiteralsAndLocalhostOnly() {
    assertThat(BrokerUrls.isLoopback("tcp://localhost:1883")).isTrue();
    assertThat(BrokerUrls.isLoopback("tcp://127.0.0.1:1883")).isTrue();
    assertThat(BrokerUrls.isLoopback("tcp://127.1.2.3:1883")).isTrue();
    assertThat(BrokerUrls.isLoopback("tcp://[::1]:1883")).isTrue();
    assertThat(BrokerUrls.isLoopback("tcp://127.0.0.1.example.com:1883")).isFalse();
    assertThat(BrokerUrls.isLoopback("tcp://10.0.0.1:1883")).isFalse();
    assertThat(BrokerUrls.isLoopback("tcp://0.0.0.0:1883")).isFalse();
    assertThat(BrokerUrls.isLoopback("not a url")).isFalse();
    assertThat(BrokerUrls.isLoopbackHost("::1")).isTrue();
    assertThat(BrokerUrls.isLoopbackHost("127.0.0.256")).isFalse();
  }
}
