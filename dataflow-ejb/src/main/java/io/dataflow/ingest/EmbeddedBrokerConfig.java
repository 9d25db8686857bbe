package io.dataflow.ingest;

import io.dataflow.bus.mqtt.MqttSettings;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * What {@link EmbeddedMqttBroker} needs, read once: an external broker's URL, else where the
 * embedded one listens and the largest message it takes.
 *
 * @param url {@code dataflow.mqtt.url}, when an external broker is configured
 * @param host the embedded broker's bind address
 * @param port the embedded broker's port
 * @param maxMessageBytes the largest MQTT message the embedded broker accepts: the largest payload
 *     the ingest stage takes, plus room for the topic and headers
 */
public record EmbeddedBrokerConfig(
    Optional<String> url, String host, int port, int maxMessageBytes) {
  private static final int HEADER_ROOM = 65_536;

  public static EmbeddedBrokerConfig read(Config config) {
    return new EmbeddedBrokerConfig(
        MqttSettings.URL.readOptional(config),
        MqttSettings.EMBEDDED_HOST.read(config),
        MqttSettings.EMBEDDED_PORT.read(config),
        IngestConfig.read(config).maxPayloadBytes() + HEADER_ROOM);
  }
}
