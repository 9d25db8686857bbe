/**
 * Dead-letter replay: {@link io.dataflow.replay.DeadLetterReplayer} selects dead letters from the
 * {@link io.dataflow.deadletter.DeadLetterStore} by a {@link io.dataflow.replay.ReplayRequest},
 * refuses those that cannot succeed again as they are, and publishes each other one's envelope,
 * with its original id, to the input of the stage that rejected it ({@link
 * io.dataflow.replay.ReplayRoutes}): {@code raw} for enrich, {@code enriched} addressed to one
 * sink's subscription only for the sinks ({@link io.dataflow.bus.SubscriptionAddress}). A replayed
 * dead letter is marked, not deleted. {@link io.dataflow.replay.BusDeadLetterReplay} is the bean
 * the admin facade calls; its settings are {@link io.dataflow.replay.ReplaySettings}.
 */
package io.dataflow.replay;
