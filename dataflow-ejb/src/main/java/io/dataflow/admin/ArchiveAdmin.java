package io.dataflow.admin;

import java.time.Instant;
import java.util.List;

/** Implemented by the archive sink: the pending groups, and flushing them. */
public interface ArchiveAdmin {
  List<PendingGroup> pendingGroups();

  /** Seals and uploads one group now; false when no such group is pending. */
  boolean flush(String groupKey, String requestedBy);

  /** Seals and uploads every pending group now; returns how many were sealed. */
  int flushAll(String requestedBy);

  /**
   * One pending archive group.
   *
   * @param key the group key, e.g. {@code 2026/11/25/berlin}
   * @param records records held
   * @param rawBytes uncompressed bytes held
   * @param compressedBytes compressed bytes held
   * @param oldestRecordAt arrival time of the group's first record
   * @param sealReason the limit that will seal the group next: count, bytes, age or idle
   * @param sealsAt when that limit will be reached by time (age or idle)
   */
  record PendingGroup(
      String key,
      long records,
      long rawBytes,
      long compressedBytes,
      Instant oldestRecordAt,
      String sealReason,
      Instant sealsAt) {}
}
