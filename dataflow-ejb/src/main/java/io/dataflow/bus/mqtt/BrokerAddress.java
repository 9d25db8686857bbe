package io.dataflow.bus.mqtt;

import java.util.Optional;

/**
 * Where the MQTT broker is: the port through which the connector learns the URL to connect to, so
 * that it does not know who decides it (the configured {@code dataflow.mqtt.url}, or the all-in-one
 * server's embedded broker).
 */
public interface BrokerAddress {
  /** The broker URL, such as {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}. */
  String brokerUrl();

  /**
   * The credentials to connect with when {@code dataflow.mqtt.username} is not set: those of the
   * embedded broker when this server runs it with credentials. Call after {@link #brokerUrl()}.
   */
  default Optional<Credentials> defaultCredentials() {
    return Optional.empty();
  }

  /**
   * Registers what must run before the broker stops, when this server runs it: the connector
   * disconnecting its clients, so that they settle and disconnect before the broker goes away
   * whatever order the container destroys the beans in. It may run more than once.
   */
  default void beforeStop(Runnable action) {}

  /**
   * A user name and password.
   *
   * @param username the user name
   * @param password the password
   */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }
}
