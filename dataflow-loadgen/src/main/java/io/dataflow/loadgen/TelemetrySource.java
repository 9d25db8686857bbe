package io.dataflow.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Telemetry from a fleet: each message picks a device by Zipf rank and takes that device's next
 * sequence number. Not thread-safe: one publish loop drives it.
 */
public final class TelemetrySource implements MessageSource {
  private final String run;
  private final Fleet fleet;
  private final Zipf zipf;
  private final RandomGenerator random;
  private final String topicTemplate;
  private final int payloadBytes;
  private final LongSupplier clockMillis;
  private final long[] nextSeq;

  public TelemetrySource(
      String run,
      Fleet fleet,
      double zipfExponent,
      RandomGenerator random,
      String topicTemplate,
      int payloadBytes,
      LongSupplier clockMillis) {
    this.run = run;
    this.fleet = fleet;
    this.zipf = new Zipf(fleet.size(), zipfExponent);
    this.random = random;
    this.topicTemplate = topicTemplate;
    this.payloadBytes = payloadBytes;
    this.clockMillis = clockMillis;
    this.nextSeq = new long[fleet.size()];
  }

  @Override
  public Outgoing next() {
    int d = zipf.sample(random);
    long seq = ++nextSeq[d];
    String deviceId = fleet.get(d).id();
    byte[] payload =
        TelemetryPayload.build(run, deviceId, seq, clockMillis.getAsLong(), payloadBytes);
    return new Outgoing(
        topicTemplate.replace("{deviceId}", deviceId),
        payload,
        new MessageKey(run, deviceId, seq),
        true);
  }

  @Override
  public Map<String, Long> perDevice() {
    Map<String, Long> map = new TreeMap<>();
    for (int d = 0; d < nextSeq.length; d++) {
      if (nextSeq[d] > 0) {
        map.put(fleet.get(d).id(), nextSeq[d]);
      }
    }
    return map;
  }
}
