package io.dataflow.loadgen;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Bad input: each message draws a {@link FuzzKind} and takes that kind's next sequence number. */
public final class FuzzSource implements MessageSource {
  private final String run;
  private final FuzzPayloads payloads;
  private final String topicTemplate;
  private final Map<FuzzKind, Long> nextSeq = new EnumMap<>(FuzzKind.class);

  public FuzzSource(String run, FuzzPayloads payloads, String topicTemplate) {
    this.run = run;
    this.payloads = payloads;
    this.topicTemplate = topicTemplate;
  }

  @Override
  public Outgoing next() {
    FuzzKind kind = payloads.nextKind();
    long seq = nextSeq.merge(kind, 1L, Long::sum);
    String deviceId = kind.deviceId(run, seq);
    return new Outgoing(
        payloads.topic(kind, topicTemplate, deviceId),
        payloads.payload(kind, run, deviceId, seq),
        new MessageKey(run, kind.device(), seq),
        kind != FuzzKind.NOTOPIC);
  }

  @Override
  public Map<String, Long> perDevice() {
    Map<String, Long> map = new TreeMap<>();
    nextSeq.forEach(
        (kind, seq) -> {
          if (kind != FuzzKind.NOTOPIC) {
            map.put(kind.device(), seq);
          }
        });
    return map;
  }

  @Override
  public long unrouted() {
    return nextSeq.getOrDefault(FuzzKind.NOTOPIC, 0L);
  }
}
