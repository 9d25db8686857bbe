package io.dataflow.enrich.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.config.Redaction;
import io.dataflow.enrich.lookup.DeviceCache;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * L2 on Redis. A device is stored at {@code <prefix><id>} as a JSON object of its fields, with the
 * TTL; an unknown device as the JSON literal {@code null}, with the negative TTL. {@link #getAll}
 * is one MGET per {@code maxBatch} ids and {@link #putAll} one pipelined round trip. Connections
 * come from a bounded pool; every call is bounded by the timeout.
 */
public final class RedisDeviceCache implements DeviceCache, AutoCloseable {
  public static final String TIER = "l2-redis";
  private static final Logger LOG = Logger.getLogger(RedisDeviceCache.class.getName());
  private static final String ABSENT = "null";
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
  private static final int MAX_KEYS_PER_MGET = 1_000;

  private final RedisClient redis;
  private final String prefix;
  private final long ttlMillis;
  private final long negativeTtlMillis;
  private final ObjectMapper json = new ObjectMapper();

  public RedisDeviceCache(
      String url,
      String prefix,
      Duration ttl,
      Duration negativeTtl,
      Duration timeout,
      int poolSize) {
    this.redis = connect(uri(url), timeout, poolSize);
    this.prefix = prefix;
    this.ttlMillis = ttl.toMillis();
    this.negativeTtlMillis = negativeTtl.toMillis();
  }

  /** The URL as a URI; a malformed one is reported without its password. */
  private static URI uri(String url) {
    try {
      return new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid Redis URL: "
              + Redaction.credentialsInUrls(url.trim())
              + " ("
              + e.getReason()
              + ")");
    }
  }

  private static RedisClient connect(URI uri, Duration timeout, int poolSize) {
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException(
          "not a redis:// or rediss:// URL: " + Redaction.credentialsInUrls(uri.toString()));
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .user(JedisURIHelper.getUser(uri))
            .password(JedisURIHelper.getPassword(uri))
            .ssl(JedisURIHelper.isRedisSSLScheme(uri))
            .clientName("dataflow-enrich");
    if (JedisURIHelper.hasDbIndex(uri)) {
      client.database(JedisURIHelper.getDBIndex(uri));
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMaxWait(timeout); // a full pool waits as long as a call may take, not forever
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
  }

  @Override
  public String tierName() {
    return TIER;
  }

  /** The Redis key of a device id. */
  public String key(String id) {
    return prefix + id;
  }

  @Override
  public Map<String, DeviceRecord> getAll(Collection<String> ids) throws DeviceLookupException {
    List<String> all = new ArrayList<>(ids);
    Map<String, DeviceRecord> held = new HashMap<>(all.size() * 2);
    for (int from = 0; from < all.size(); from += MAX_KEYS_PER_MGET) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_KEYS_PER_MGET));
      String[] keys = chunk.stream().map(this::key).toArray(String[]::new);
      List<String> values;
      try {
        values = redis.mget(keys);
      } catch (JedisException e) {
        throw new DeviceLookupException("Redis MGET failed: " + e.getMessage(), e);
      }
      for (int i = 0; i < chunk.size(); i++) {
        DeviceRecord record = decode(keys[i], values.get(i));
        if (record != null) {
          held.put(chunk.get(i), record);
        }
      }
    }
    return held;
  }

  @Override
  public void putAll(Map<String, DeviceRecord> records) throws DeviceLookupException {
    if (records.isEmpty()) {
      return;
    }
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (Map.Entry<String, DeviceRecord> e : records.entrySet()) {
        DeviceRecord r = e.getValue();
        pipeline.set(
            key(e.getKey()),
            encode(r),
            SetParams.setParams().px(r.isFound() ? ttlMillis : negativeTtlMillis));
      }
      pipeline.sync();
    } catch (JedisException e) {
      throw new DeviceLookupException("Redis SET pipeline failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean invalidate(String id) throws DeviceLookupException {
    try {
      return redis.del(key(id)) > 0;
    } catch (JedisException e) {
      throw new DeviceLookupException("Redis DEL failed: " + e.getMessage(), e);
    }
  }

  /** Whether Redis answers a PING. */
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(redis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  private String encode(DeviceRecord record) throws DeviceLookupException {
    if (!record.isFound()) {
      return ABSENT;
    }
    try {
      return json.writeValueAsString(record.fields());
    } catch (JsonProcessingException e) {
      throw new DeviceLookupException("Cannot encode device metadata: " + e.getMessage(), e);
    }
  }

  /** The record stored at a key; null (a miss) when there is none or it is unreadable. */
  private DeviceRecord decode(String key, String value) {
    if (value == null) {
      return null;
    }
    if (ABSENT.equals(value)) {
      return DeviceRecord.absent();
    }
    try {
      return DeviceRecord.found(json.readValue(value, FIELDS));
    } catch (JsonProcessingException e) {
      LOG.warning(
          "Ignoring unreadable L2 entry " + key + " (" + e.getOriginalMessage() + "); using L3");
      return null;
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
