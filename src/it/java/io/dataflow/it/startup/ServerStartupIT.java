package io.dataflow.it.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.Mosquitto;
import io.dataflow.it.ServerUnderTest;
import io.dataflow.it.SharedBroker;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs first, before any test has started a broker: the server was started with its MQTT broker
 * down, which is normal, and must become ready once the broker comes up.
 */
class ServerStartupIT {
  @Test
  void brokerDownAtStartThenReadyOnceTheBrokerComesUp() throws Exception {
    Assumptions.assumeTrue(
        Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
    assertThat(SharedBroker.started()).isFalse();

    var live = ServerUnderTest.get("/health/live");
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    var notReady = ServerUnderTest.get("/health/ready");
    assertThat(notReady.statusCode())
        .as("ready while the broker is down: " + notReady.body())
        .isEqualTo(503);
    assertThat(notReady.body()).contains("ingestion-mqtt").contains("DOWN");

    SharedBroker.get();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(ServerUnderTest.get("/health/ready").statusCode()).isEqualTo(200));
  }
}
