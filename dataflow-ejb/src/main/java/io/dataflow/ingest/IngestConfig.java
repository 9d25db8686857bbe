package io.dataflow.ingest;

import org.eclipse.microprofile.config.Config;

/**
 * The ingestion stage's settings, read once and validated (the routes are the MQTT channel's, see
 * {@link io.dataflow.bus.mqtt.MqttSourceOptions}).
 *
 * @param eventTimeField the JSON field (dotted path) that holds the event time
 * @param maxPayloadBytes the largest payload accepted; larger ones are dead-lettered as oversize
 */
public record IngestConfig(String eventTimeField, int maxPayloadBytes) {
  public static IngestConfig read(Config config) {
    return new IngestConfig(
        IngestSettings.EVENT_TIME_FIELD.read(config),
        IngestSettings.MAX_PAYLOAD_BYTES.read(config));
  }
}
