package io.dataflow.demo;

/**
 * Port of the demo traffic to the broker: this server's MQTT broker ({@code
 * demo.mqtt.MqttDemoPublisher}), or a fake in tests.
 */
public interface DemoPublisher extends AutoCloseable {
  /**
   * Hands a message over for publishing at QoS 1, without waiting for the broker. Never throws.
   *
   * @return false when it cannot be taken now (not connected, or too many messages await their
   *     acknowledgement): the caller skips it rather than queueing it
   */
  boolean publish(DemoMessage message);

  /** Messages the broker has acknowledged. */
  long acknowledged();

  boolean isConnected();

  /** The last connection or publish error, or empty. */
  String lastError();

  /** Disconnects; what was not acknowledged by then is not counted. */
  @Override
  void close();
}
