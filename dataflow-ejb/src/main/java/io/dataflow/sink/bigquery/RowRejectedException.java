package io.dataflow.sink.bigquery;

/** An envelope that cannot become a row: it goes to the dead letter with {@link #reason()}. */
public final class RowRejectedException extends Exception {
  /** The reason of a row the destination refused. */
  public static final String INVALID = "invalid";

  private static final long serialVersionUID = 1L;
  private final String reason;

  /**
   * @param reason a short reason code, e.g. {@code oversize} or {@code invalid}
   * @param message what is wrong
   */
  public RowRejectedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
