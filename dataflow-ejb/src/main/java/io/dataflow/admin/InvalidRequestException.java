package io.dataflow.admin;

/** An operator request that cannot be carried out as given; the message says what to change. */
public class InvalidRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
