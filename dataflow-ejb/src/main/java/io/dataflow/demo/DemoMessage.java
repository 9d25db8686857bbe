package io.dataflow.demo;

/**
 * One demo message: what it is, which simulated device sent it, and where it goes.
 *
 * @param kind telemetry, or which kind of trouble it is made to cause
 * @param deviceId the simulated device
 * @param topic the MQTT topic
 * @param payload the bytes to publish
 */
public record DemoMessage(Kind kind, String deviceId, String topic, byte[] payload) {

  /** What a demo message is, and what the pipeline does with it. */
  public enum Kind {
    /** JSON telemetry of a registered device: enriched, then in both sinks. */
    TELEMETRY,
    /** JSON telemetry of a device the registry does not know: a cache miss, then unknown-device. */
    UNKNOWN_DEVICE,
    /** Text that is not JSON, from a registered device: kept as bytes. */
    NOT_JSON,
    /** JSON larger than {@code dataflow.ingest.max-payload-bytes}: dead-lettered as oversize. */
    OVERSIZE,
    /** Telemetry on a topic that no route matches: dead-lettered as no-route. */
    NO_ROUTE
  }
}
