package io.dataflow.loadgen;

/**
 * Identifies one generated message across every store: the run that sent it, the device (for fuzz
 * input, {@code fuzz/<kind>}) and the per-device sequence number, starting at 1.
 */
public record MessageKey(String run, String device, long seq) {
  @Override
  public String toString() {
    return run + "/" + device + "#" + seq;
  }
}
