package io.dataflow.sink.batch;

import java.time.Instant;
import java.util.Optional;

/**
 * A consistent snapshot of a batcher's figures.
 *
 * @param pendingRecords records held: in open groups, sealed, or being written
 * @param pendingBytes buffered bytes held, likewise
 * @param openGroups groups open
 * @param sealedWaiting sealed batches waiting for a write slot
 * @param writesInFlight batches being written
 * @param oldestPendingAt when the oldest record not yet written was added
 */
public record BatcherStats(
    long pendingRecords,
    long pendingBytes,
    int openGroups,
    int sealedWaiting,
    int writesInFlight,
    Optional<Instant> oldestPendingAt) {}
