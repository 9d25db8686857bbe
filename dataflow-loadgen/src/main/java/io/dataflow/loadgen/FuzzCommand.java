package io.dataflow.loadgen;

import java.util.Random;

/**
 * {@code fuzz}: bad input of every {@link FuzzKind}, each message identifiable by its device id.
 */
final class FuzzCommand extends PublishCommand {
  static final String USAGE =
      """
      fuzz [--broker=...] [--topic=devices/{deviceId}/telemetry] [--qos=1] [--count=10000]
           [--rate=0] [--duration=10m] [--oversize-bytes=300000] [--run=ID] [--seed=N]
           [--summary=loadgen-RUN.json]
        Publishes random bytes, truncated and deeply nested JSON, invalid UTF-8, oversize
        payloads, valid controls and messages on topics no route matches. Device ids are
        fz-RUN-KIND-SEQ, so `verify` accounts each message whatever became of its payload.""";

  private final int oversizeBytes;

  FuzzCommand(Options o) {
    super(o, 10_000, 0);
    oversizeBytes = o.integer("oversize-bytes", 300_000);
  }

  @Override
  String kind() {
    return "fuzz";
  }

  @Override
  MessageSource source(Random random) {
    return new FuzzSource(run, new FuzzPayloads(random, oversizeBytes), topicTemplate);
  }

  @Override
  RunSummary summarize(PublishLoop.Result r) {
    return summary(r, r.perDevice().size(), 0, 0, oversizeBytes);
  }
}
