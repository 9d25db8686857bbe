/**
 * The enrich stage: reads {@code raw}, finds each envelope's device metadata through the layered
 * lookup ({@code enrich.lookup}), writes it into the envelope and publishes to {@code enriched}.
 * The plug-in points are {@link io.dataflow.enrich.KeyExtractor} and {@link
 * io.dataflow.enrich.MetadataApplier}, CDI beans chosen by name in configuration; the settings are
 * in {@link io.dataflow.enrich.EnrichSettings}.
 */
package io.dataflow.enrich;
