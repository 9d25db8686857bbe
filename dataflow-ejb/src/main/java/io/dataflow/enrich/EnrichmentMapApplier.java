package io.dataflow.enrich;

import io.dataflow.envelope.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default applier: puts every metadata field into the envelope's {@code enrichment} map,
 * replacing fields of the same name and keeping the others.
 */
@ApplicationScoped
@Named(EnrichmentMapApplier.NAME)
public class EnrichmentMapApplier implements MetadataApplier {
  public static final String NAME = "enrichment-map";

  @Override
  public Envelope apply(Envelope envelope, Map<String, Object> metadata) {
    if (envelope.enrichment().isEmpty()) {
      return envelope.withEnrichment(metadata);
    }
    Map<String, Object> merged = new LinkedHashMap<>(envelope.enrichment());
    merged.putAll(metadata);
    return envelope.withEnrichment(merged);
  }
}
