package io.dataflow.ingest;

import org.eclipse.microprofile.config.Config;

/**
 * The ingestion stage's settings, read once and validated (the routes are the MQTT channel's, see
 * {@link io.dataflow.bus.mqtt.MqttSourceOptions}).
 *
 * @param eventTimeField the JSON field (dotted path) that holds the event time
 * @param maxPayloadBytes the largest payload accepted; larger ones are dead-lettered as oversize
 * @param maxDeviceIdBytes the longest device id accepted, in UTF-8 bytes
 * @param eventTimes the window an event time must fall in, and what happens outside it
 * @param ids how an envelope gets its id
 */
public record IngestConfig(
    String eventTimeField,
    int maxPayloadBytes,
    int maxDeviceIdBytes,
    EventTimeWindow eventTimes,
    IdStrategy ids) {

  /** The defaults, for tests and tools. */
  public static IngestConfig defaults(String eventTimeField, int maxPayloadBytes) {
    return new IngestConfig(
        eventTimeField,
        maxPayloadBytes,
        IngestSettings.MAX_DEVICE_ID_BYTES.parse(IngestSettings.MAX_DEVICE_ID_BYTES.defaultValue()),
        EventTimeWindow.DEFAULT,
        IdStrategy.UUID);
  }

  public static IngestConfig read(Config config) {
    return new IngestConfig(
        IngestSettings.EVENT_TIME_FIELD.read(config),
        IngestSettings.MAX_PAYLOAD_BYTES.read(config),
        IngestSettings.MAX_DEVICE_ID_BYTES.read(config),
        new EventTimeWindow(
            IngestSettings.EVENT_TIME_MAX_AGE.read(config),
            IngestSettings.EVENT_TIME_MAX_AHEAD.read(config),
            EventTimeWindow.OutOfRange.of(IngestSettings.EVENT_TIME_OUT_OF_RANGE.read(config))),
        IdStrategy.of(IngestSettings.ID_STRATEGY.read(config)));
  }
}
