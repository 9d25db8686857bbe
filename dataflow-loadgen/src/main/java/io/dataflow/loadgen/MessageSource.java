package io.dataflow.loadgen;

import java.util.List;
import java.util.Map;

/** What a publish loop sends: the next message, and the per-device expectation so far. */
public interface MessageSource {
  /** One message to publish; {@code expected} is false when the pipeline should never see it. */
  record Outgoing(String topic, byte[] payload, MessageKey key, boolean expected) {}

  /** The next message. */
  Outgoing next();

  /** Device -> highest sequence number handed out so far (sequences start at 1). */
  Map<String, Long> perDevice();

  /** How many messages went to topics no route matches (the pipeline never sees them). */
  default long unrouted() {
    return 0;
  }

  /** Groups keys by device, as in {@link RunSummary#unacked()}. */
  static Map<String, List<Long>> byDevice(List<MessageKey> keys) {
    Map<String, List<Long>> map = new java.util.TreeMap<>();
    for (MessageKey k : keys) {
      map.computeIfAbsent(k.device(), d -> new java.util.ArrayList<>()).add(k.seq());
    }
    map.values().forEach(java.util.Collections::sort);
    return map;
  }
}
