package io.dataflow.sink.archive;

import java.time.Instant;

/**
 * One pending archive group.
 *
 * @param key the group key, e.g. {@code 2026/11/25/berlin}
 * @param records records held
 * @param rawBytes uncompressed bytes held
 * @param compressedBytes compressed bytes held
 * @param oldestRecordAt arrival time of the group's first record
 * @param sealReason the limit that will seal the group next: count, bytes, age or idle
 * @param sealsAt when that limit will be reached by time (age or idle); not while held
 * @param held whether an operator holds it (no age or idle seal until released)
 */
public record PendingGroup(
    String key,
    long records,
    long rawBytes,
    long compressedBytes,
    Instant oldestRecordAt,
    String sealReason,
    Instant sealsAt,
    boolean held) {}
