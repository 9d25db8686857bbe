/**
 * The layered device lookup of the enrich stage, as plain classes with no container dependency: L1
 * {@link io.dataflow.enrich.lookup.CaffeineDeviceCache} (TTL, negative TTL, single-flight), an
 * optional shared {@link io.dataflow.enrich.lookup.DeviceCache} (L2) and the authoritative {@link
 * io.dataflow.enrich.lookup.DeviceRegistry} (L3). Misses are coalesced by {@link
 * io.dataflow.enrich.lookup.BatchingLoader} into one batched call per tier, and hits below L1 fill
 * the tiers above. Adapters for the ports live in {@code enrich.adapter}.
 */
package io.dataflow.enrich.lookup;
