package io.dataflow.sink.batch;

import java.time.Instant;

/**
 * One open group, as the operator sees it.
 *
 * @param key the group key
 * @param records records held
 * @param rawBytes raw bytes held
 * @param bufferedBytes bytes the buffer holds (compressed, for a compressing buffer)
 * @param oldestRecordAt when its first record was added
 * @param nextSealReason the time limit that will seal it: {@link SealReason#AGE} or {@link
 *     SealReason#IDLE}
 * @param sealsAt when, unless a count or byte limit is reached first (not while it is held)
 * @param held whether an operator holds it
 * @param <K> the key type
 */
public record GroupSnapshot<K>(
    K key,
    long records,
    long rawBytes,
    long bufferedBytes,
    Instant oldestRecordAt,
    SealReason nextSealReason,
    Instant sealsAt,
    boolean held) {}
