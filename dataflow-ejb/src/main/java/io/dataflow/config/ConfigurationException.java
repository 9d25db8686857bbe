package io.dataflow.config;

/** A configuration value that cannot be used. Thrown at start-up; the message names the key. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
