package io.dataflow.web.console;

import io.dataflow.admin.ArchiveOverview.Group;
import java.util.Comparator;
import java.util.Map;

/** The sortable columns of the Archive table, by name; unknown names sort by age. */
final class GroupOrder {
  static final String DEFAULT = "age";

  private static final Map<String, Comparator<Group>> COLUMNS =
      Map.of(
          "key", Comparator.comparing(Group::key),
          "records", Comparator.comparingLong(Group::records),
          "bytes", Comparator.comparingLong(Group::rawBytes),
          "age", Comparator.comparingLong(Group::oldestAgeSeconds),
          "seal", Comparator.comparingLong(GroupOrder::sealsIn));

  private GroupOrder() {}

  static boolean isColumn(String column) {
    return COLUMNS.containsKey(column);
  }

  /** Ties are broken by key, so the order is stable between refreshes. */
  static Comparator<Group> by(String column, boolean ascending) {
    Comparator<Group> c = COLUMNS.getOrDefault(column, COLUMNS.get(DEFAULT));
    return (ascending ? c : c.reversed()).thenComparing(Group::key);
  }

  private static long sealsIn(Group g) {
    return g.sealsInSeconds() < 0 ? Long.MAX_VALUE : g.sealsInSeconds();
  }
}
