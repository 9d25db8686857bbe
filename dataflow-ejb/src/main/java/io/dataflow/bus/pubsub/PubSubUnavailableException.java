package io.dataflow.bus.pubsub;

/** Pub/Sub did not answer a start-up call in time, or refused it. Fails the channel's start. */
public class PubSubUnavailableException extends RuntimeException {
  public PubSubUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
