package io.dataflow.bus;

/** A bus that holds messages inside this server (the in-JVM bus); the lifecycle waits for it. */
public interface BusBacklog {
  /** Messages published and not yet taken by a subscriber. */
  long queued();
}
