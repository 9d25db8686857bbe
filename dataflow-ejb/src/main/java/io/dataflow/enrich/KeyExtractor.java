package io.dataflow.enrich;

import io.dataflow.envelope.Envelope;

/**
 * Gives the lookup key of an envelope. Plug in your own as an
 * {@code @ApplicationScoped @Named("x")} bean and set {@code dataflow.enrich.key-extractor=x}. Must
 * be thread-safe and cheap: it runs for every envelope on the stage's thread.
 */
@FunctionalInterface
public interface KeyExtractor {
  /**
   * The key of the device metadata for this envelope; null or blank when the envelope has none, in
   * which case it is handled as an unknown device.
   */
  String key(Envelope envelope);
}
