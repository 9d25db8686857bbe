package io.dataflow.admin;

import io.dataflow.sink.archive.PendingGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The archive sink's pending groups.
 *
 * @param available false when no archive provider runs in this server
 * @param note why it is unavailable, or empty
 * @param groups the pending groups, oldest first
 */
public record ArchiveOverview(boolean available, String note, List<Group> groups) {

  /**
   * A pending group; see {@link PendingGroup}.
   *
   * @param oldestAgeSeconds age of the group's first record
   * @param sealsInSeconds seconds until the time limit seals it (0 when due), or -1 when unknown
   */
  public record Group(
      String key,
      long records,
      long rawBytes,
      long compressedBytes,
      Instant oldestRecordAt,
      long oldestAgeSeconds,
      String sealReason,
      Instant sealsAt,
      long sealsInSeconds,
      boolean held) {
    static Group of(PendingGroup g, Instant now) {
      long age =
          g.oldestRecordAt() == null
              ? 0
              : Math.max(0, Duration.between(g.oldestRecordAt(), now).toSeconds());
      long sealsIn =
          g.sealsAt() == null ? -1 : Math.max(0, Duration.between(now, g.sealsAt()).toSeconds());
      return new Group(
          g.key(),
          g.records(),
          g.rawBytes(),
          g.compressedBytes(),
          g.oldestRecordAt(),
          age,
          g.sealReason(),
          g.held() ? null : g.sealsAt(),
          g.held() ? -1 : sealsIn,
          g.held());
    }
  }
}
