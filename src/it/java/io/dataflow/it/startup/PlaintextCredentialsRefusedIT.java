package io.dataflow.it.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataflow.it.LibertyServer;
import io.dataflow.it.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server configured with MQTT credentials over a plaintext {@code tcp://} URL to a broker beyond
 * loopback does not start ingestion: the log says why and how to go on, and never shows the
 * password.
 */
class PlaintextCredentialsRefusedIT {
  private static final String PASSWORD = "not-for-the-log-4711";

  @Test
  void credentialsOverTcpToARemoteBrokerAreRefusedAtStartWithTheMessage() throws Exception {
    Path data = LibertyServer.dataDirectory("it-plaintext-credentials");
    Map<String, String> env =
        Map.of(
            "DATAFLOW_STAGES", "ingestion",
            "DATAFLOW_DATA_DIR", data.toAbsolutePath().toString(),
            // TEST-NET-1: never reached; the refusal comes before any connection attempt.
            "DATAFLOW_MQTT_URL", "tcp://192.0.2.10:1883",
            "DATAFLOW_MQTT_USERNAME", "ingest",
            "DATAFLOW_MQTT_PASSWORD", PASSWORD);
    try (LibertyServer server =
        new LibertyServer("dataflow-plaintext", Mosquitto.freePort(), Mosquitto.freePort(), env)) {
      server.start();

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  Files.exists(server.log())
                      && Files.readString(server.log()).contains("would cross the network"));
      String log = Files.readString(server.log());
      assertThat(log)
          .contains("dataflow.mqtt.url")
          .contains("unencrypted over tcp://")
          .contains("DATAFLOW_MQTT_ALLOW_PLAINTEXT_CREDENTIALS=true")
          .doesNotContain(PASSWORD);
      assertThat(server.get("/health/ready").statusCode()).isNotEqualTo(200);
    }
  }
}
