/**
 * The authoritative device registry (L3): {@link io.dataflow.enrich.registry.FileDeviceRegistry}
 * (the embedded default, a JSON or CSV file) and {@link
 * io.dataflow.enrich.registry.FirestoreDeviceRegistry} (collection {@code devices}, batched
 * getAll), the latter wrapped with timeouts and retries by {@link
 * io.dataflow.enrich.registry.FirestoreDeviceRegistryBean}.
 */
package io.dataflow.enrich.registry;
