package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.testing.MapConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubChannelOptionsTest {
  private static final MapConfig SERVER =
      new MapConfig(Map.of("dataflow.pubsub.project-id", "proj"));

  @Test
  void defaultsComeFromTheChannelNameAndTheDeclaredSettings() {
    PubSubChannelOptions o = read(Map.of(), SERVER);

    assertThat(o.topicPath()).isEqualTo("projects/proj/topics/raw-in");
    assertThat(o.subscriptionPath()).isEqualTo("projects/proj/subscriptions/raw-in");
    assertThat(o.createTopics()).isFalse();
    assertThat(o.emulatorHost()).isEmpty();
    assertThat(o.batchMaxMessages()).isEqualTo(100);
    assertThat(o.batchDelay()).isEqualTo(Duration.ofMillis(10));
    assertThat(o.maxAckExtensionPeriod()).isEqualTo(Duration.ofMinutes(60));
    assertThat(o.maxDurationPerAckExtension()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.deadLetterTopicPath()).isEmpty();
    assertThat(o.maxDeliveryAttempts()).isEqualTo(5);
    assertThat(o.minRetryDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.maxRetryDelay()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void deadLetterAndRetryPoliciesAreReadFromTheChannel() {
    PubSubChannelOptions o =
        read(
            Map.of(
                "dead-letter-topic", "dead-letter",
                "max-delivery-attempts", "20",
                "min-retry-delay", "5s",
                "max-retry-delay", "2m"),
            SERVER);

    assertThat(o.deadLetterTopicPath()).contains("projects/proj/topics/dead-letter");
    assertThat(o.maxDeliveryAttempts()).isEqualTo(20);
    assertThat(o.minRetryDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.maxRetryDelay()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void retryDelaysOutsidePubSubsRangeFailNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("max-retry-delay", "11m"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-retry-delay")
        .hasMessageContaining("to 10m");
    assertThatThrownBy(
            () -> read(Map.of("min-retry-delay", "60s", "max-retry-delay", "30s"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-retry-delay")
        .hasMessageContaining("at least min-retry-delay");
  }

  @Test
  void channelAttributesWinOverServerWideKeys() {
    MapConfig server =
        new MapConfig(
            Map.of(
                "dataflow.pubsub.project-id", "proj",
                "dataflow.pubsub.emulator-host", "server:1",
                "dataflow.pubsub.create-topics", "true"));
    PubSubChannelOptions o =
        read(
            Map.of(
                "project-id", "other",
                "emulator-host", "channel:2",
                "create-topics", "false",
                "topic", "raw",
                "subscription", "enrich"),
            server);

    assertThat(o.subscriptionPath()).isEqualTo("projects/other/subscriptions/enrich");
    assertThat(o.topicPath()).isEqualTo("projects/other/topics/raw");
    assertThat(o.emulatorHost()).contains("channel:2");
    assertThat(o.createTopics()).isFalse();
  }

  @Test
  void serverWideKeysApplyWhenTheChannelSetsNothing() {
    MapConfig server =
        new MapConfig(
            Map.of(
                "dataflow.pubsub.project-id", "proj",
                "dataflow.pubsub.emulator-host", "server:1",
                "dataflow.pubsub.create-topics", "true"));
    PubSubChannelOptions o = read(Map.of(), server);

    assertThat(o.emulatorHost()).contains("server:1");
    assertThat(o.createTopics()).isTrue();
  }

  @Test
  void standardVariablesAreHonouredLast() {
    MapConfig server =
        new MapConfig(
            Map.of("PUBSUB_EMULATOR_HOST", "localhost:8085", "GOOGLE_CLOUD_PROJECT", "adc-proj"));
    PubSubChannelOptions o = read(Map.of(), server);

    assertThat(o.emulatorHost()).contains("localhost:8085");
    assertThat(o.projectId()).isEqualTo("adc-proj");
  }

  @Test
  void missingProjectFailsNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of(), new MapConfig(Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.pubsub.project-id")
        .hasMessageContaining("DATAFLOW_PUBSUB_PROJECT_ID");
  }

  @Test
  void batchBeyondThePublishRequestLimitsFailsNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("batch-max-messages", "1001"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("batch-max-messages")
        .hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> read(Map.of("batch-max-bytes", "10000001"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("batch-max-bytes");
  }

  @Test
  void durationOutOfRangeFailsNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("batch-delay", "1m"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("batch-delay");
    assertThatThrownBy(() -> read(Map.of("max-ack-extension-period", "1s"), SERVER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-ack-extension-period");
  }

  @Test
  void deadLetterTopicIsResolvedInTheChannelsProject() {
    PubSubChannelOptions o = read(Map.of("dead-letter-topic", "dead-letter"), SERVER);

    assertThat(o.deadLetterTopicPath()).contains("projects/proj/topics/dead-letter");
  }

  private static PubSubChannelOptions read(Map<String, String> attributes, MapConfig server) {
    return PubSubChannelOptions.read(channelConfig("raw-in", attributes), server);
  }

  private static MapConfig channelConfig(String channel, Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>(attributes);
    all.put("channel-name", channel);
    return new MapConfig(all);
  }
}
