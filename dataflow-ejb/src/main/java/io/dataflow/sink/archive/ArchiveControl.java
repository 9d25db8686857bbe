package io.dataflow.sink.archive;

import java.util.List;

/**
 * The archive sink as an operator sees it: the pending groups, and flushing them. The admin facade
 * reads it and assembles its own views.
 */
public interface ArchiveControl {
  List<PendingGroup> pendingGroups();

  /** Seals and uploads one group now; false when no such group is pending. */
  boolean flush(String groupKey, String requestedBy);

  /** Seals and uploads every pending group now; returns how many were sealed. */
  int flushAll(String requestedBy);
}
