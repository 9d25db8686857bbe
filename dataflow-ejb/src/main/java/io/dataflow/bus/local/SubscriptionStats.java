package io.dataflow.bus.local;

/** A snapshot of one local subscription's counters. */
public record SubscriptionStats(
    String topic,
    String subscription,
    int depth,
    int inFlight,
    long enqueued,
    long delivered,
    long acked,
    long nacked,
    long redelivered,
    long deadLettered) {}
