package io.dataflow.loadgen.verify;

import io.dataflow.loadgen.MessageKey;
import io.dataflow.loadgen.RunSummary;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the runs sent: for each run and device, sequence numbers {@code 1..sent}, minus those the
 * broker never acknowledged (sent, but delivery unknown: not expected, reported if seen).
 */
public final class Expectation {
  /** One device of one run. */
  public record Stream(String run, String device, long sent, Set<Long> unacked) {
    public boolean contains(long seq) {
      return seq >= 1 && seq <= sent;
    }

    public boolean expected(long seq) {
      return contains(seq) && !unacked.contains(seq);
    }
  }

  private final Map<String, Map<String, Stream>> streams = new LinkedHashMap<>();

  public Expectation add(RunSummary summary) {
    if (streams.containsKey(summary.run())) {
      throw new IllegalArgumentException("run " + summary.run() + " given twice");
    }
    Map<String, Stream> devices = new LinkedHashMap<>();
    summary
        .perDevice()
        .forEach(
            (device, sent) -> {
              List<Long> unacked = summary.unacked().getOrDefault(device, List.of());
              devices.put(device, new Stream(summary.run(), device, sent, new HashSet<>(unacked)));
            });
    streams.put(summary.run(), devices);
    return this;
  }

  /** The stream a key belongs to, or null if no run sent it. */
  public Stream stream(MessageKey key) {
    Map<String, Stream> devices = streams.get(key.run());
    if (devices == null) {
      return null;
    }
    Stream s = devices.get(key.device());
    return s != null && s.contains(key.seq()) ? s : null;
  }

  public Set<String> runs() {
    return streams.keySet();
  }

  public Iterable<Stream> streams() {
    return streams.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** Messages expected: sent and acknowledged. */
  public long expectedCount() {
    long n = 0;
    for (Stream s : streams()) {
      n += s.sent() - s.unacked().size();
    }
    return n;
  }

  /** Messages sent but never acknowledged by the broker. */
  public long unconfirmedCount() {
    long n = 0;
    for (Stream s : streams()) {
      n += s.unacked().size();
    }
    return n;
  }
}
