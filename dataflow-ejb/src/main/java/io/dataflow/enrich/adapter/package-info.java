/**
 * The enrich stage's adapters, named after their technology, behind the ports of {@code
 * enrich.lookup} ({@link io.dataflow.enrich.lookup.DeviceCache}, {@link
 * io.dataflow.enrich.lookup.DeviceRegistry}):
 *
 * <ul>
 *   <li>L2 on Redis through Jedis: {@link io.dataflow.enrich.adapter.RedisDeviceCache} (pooled
 *       connections, namespaced keys with TTLs, one MGET per batch, pipelined writes), and {@link
 *       io.dataflow.enrich.adapter.RedisDeviceCacheBean}, which puts a MicroProfile Fault Tolerance
 *       circuit breaker around it;
 *   <li>L3, the authoritative registry: {@link io.dataflow.enrich.adapter.FileDeviceRegistry} (the
 *       embedded default, a JSON or CSV file) and {@link
 *       io.dataflow.enrich.adapter.FirestoreDeviceRegistry} (collection {@code devices}, batched
 *       getAll), wrapped with timeouts and retries by {@link
 *       io.dataflow.enrich.adapter.FirestoreDeviceRegistryBean}.
 * </ul>
 *
 * Only the stage's assembly ({@link io.dataflow.enrich.EnrichTiers}) picks them; the lookup sees
 * the ports.
 */
package io.dataflow.enrich.adapter;
