package io.dataflow.enrich;

import io.dataflow.envelope.Envelope;
import java.util.Map;

/**
 * Writes a device's metadata into an envelope. Plug in your own as an
 * {@code @ApplicationScoped @Named("x")} bean and set {@code dataflow.enrich.applier=x}. Must be
 * thread-safe; a runtime exception sends that envelope to the dead letter with reason {@code
 * enrichment-failed}.
 */
@FunctionalInterface
public interface MetadataApplier {
  /**
   * The enriched envelope.
   *
   * @param metadata the device's fields (JSON-compatible values), never null
   */
  Envelope apply(Envelope envelope, Map<String, Object> metadata);
}
