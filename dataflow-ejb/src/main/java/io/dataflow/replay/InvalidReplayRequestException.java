package io.dataflow.replay;

/** A replay request that cannot be carried out as given; the message says what to change. */
public class InvalidReplayRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidReplayRequestException(String message) {
    super(message);
  }
}
