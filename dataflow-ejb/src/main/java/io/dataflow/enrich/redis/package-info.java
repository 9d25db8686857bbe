/**
 * The shared cache tier (L2) on Redis through Jedis: {@link
 * io.dataflow.enrich.redis.RedisDeviceCache} does the Redis work (pooled connections, namespaced
 * keys with TTLs, one MGET per batch, pipelined writes) and {@link
 * io.dataflow.enrich.redis.RedisDeviceCacheBean} puts a MicroProfile Fault Tolerance circuit
 * breaker around it.
 */
package io.dataflow.enrich.redis;
