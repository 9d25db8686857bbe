package io.dataflow.sink.archive;

import java.util.List;

/**
 * The archive sink as an operator sees it: the pending groups, and flushing, holding, releasing and
 * dropping them. The admin facade reads it and assembles its own views.
 */
public interface ArchiveControl {
  List<PendingGroup> pendingGroups();

  /** Seals and uploads one group now; false when no such group is pending. */
  boolean flush(String groupKey, String requestedBy);

  /** Seals and uploads every pending group that is not held now; returns how many were sealed. */
  int flushAll(String requestedBy);

  /** Holds a pending group: it is not sealed by age or idle until released; false when none. */
  boolean hold(String groupKey, String requestedBy);

  /** Ends a hold; false when the group was not held. */
  boolean release(String groupKey, String requestedBy);

  /**
   * Sends a pending group's records to the dead letter (reason {@code operator-drop}).
   *
   * @return records dropped, -1 when no such group is pending
   */
  int drop(String groupKey, String requestedBy);
}
