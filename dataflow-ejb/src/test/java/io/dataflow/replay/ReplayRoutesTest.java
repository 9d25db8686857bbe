package io.dataflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.testing.MapConfig;
import org.junit.jupiter.api.Test;

class ReplayRoutesTest {
  private static final ReplayRoutes ROUTES =
      ReplayRoutes.read(
          MapConfig.of(
              "mp.messaging.incoming.raw-in.topic", "raw",
              "mp.messaging.incoming.raw-in.subscription", "enrich",
              "mp.messaging.incoming.enriched-bigquery.topic", "enriched",
              "mp.messaging.incoming.enriched-bigquery.subscription", "bq-sink",
              "mp.messaging.incoming.enriched-archive.topic", "enriched",
              "mp.messaging.outgoing.replay-raw.topic", "raw",
              "mp.messaging.outgoing.replay-enriched.topic", "enriched"));

  @Test
  void eachReplayableStageGoesToItsInputSubscription() {
    assertThat(ROUTES.of("enrich"))
        .contains(new ReplayRoute("enrich", "raw-in", "raw", "enrich", "replay-raw"));
    assertThat(ROUTES.of("bigquery"))
        .contains(
            new ReplayRoute(
                "bigquery", "enriched-bigquery", "enriched", "bq-sink", "replay-enriched"));
    // no subscription set: the channel name, as both connectors default it
    assertThat(ROUTES.of("archive").orElseThrow().subscription()).isEqualTo("enriched-archive");
  }

  @Test
  void aSubscriptionNameOrPubSubPathResolvesToItsStage() {
    assertThat(ROUTES.stageOf("bq-sink")).isEqualTo("bigquery");
    assertThat(ROUTES.stageOf("projects/p/subscriptions/bq-sink")).isEqualTo("bigquery");
    assertThat(ROUTES.stageOf("dead-letter-recorder")).isEqualTo("dead-letter-recorder");
  }

  @Test
  void ingestionHasNoRoute() {
    assertThat(ROUTES.of("ingestion")).isEmpty();
  }

  @Test
  void aReplayChannelOnAnotherTopicThanTheStageReadsFailsAtStartWithBothKeys() {
    assertThatThrownBy(
            () ->
                ReplayRoutes.read(
                    MapConfig.of(
                        "mp.messaging.incoming.raw-in.topic", "raw-v2",
                        "mp.messaging.outgoing.replay-raw.topic", "raw")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mp.messaging.outgoing.replay-raw.topic=raw")
        .hasMessageContaining("mp.messaging.incoming.raw-in.topic=raw-v2");
  }
}
