package io.dataflow.envelope;

/** Bytes that are not a valid envelope. Expected bad input: the caller dead-letters it. */
public class EnvelopeFormatException extends Exception {
  public EnvelopeFormatException(String message) {
    super(message);
  }

  public EnvelopeFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
