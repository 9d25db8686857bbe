package io.dataflow.enrich.lookup;

/**
 * A tier could not answer (unreachable, timed out, refused). Not the same as "no such device": a
 * lookup error never turns into a negative entry, and the message is retried rather than dropped.
 */
public class DeviceLookupException extends Exception {
  private static final long serialVersionUID = 1L;

  public DeviceLookupException(String message, Throwable cause) {
    super(message, cause);
  }

  public DeviceLookupException(String message) {
    super(message);
  }
}
