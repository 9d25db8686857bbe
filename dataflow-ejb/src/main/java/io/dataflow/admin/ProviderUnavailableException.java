package io.dataflow.admin;

/**
 * The stage behind a console panel does not run in this server (it is off in {@code
 * dataflow.stages}, or not built into this version), so the action cannot be carried out.
 */
public class ProviderUnavailableException extends Exception {
  public ProviderUnavailableException(String message) {
    super(message);
  }
}
