package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.admin.ArchiveOverview.Group;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupOrderTest {
  private static Group g(String key, long records, long bytes, long age, long sealsIn) {
    return new Group(
        key, records, bytes, bytes / 3, Instant.EPOCH, age, "age", null, sealsIn, false);
  }

  private final List<Group> groups =
      List.of(g("b", 5, 100, 30, 10), g("a", 9, 50, 90, -1), g("c", 1, 900, 10, 2));

  private List<String> keys(String column, boolean ascending) {
    return groups.stream().sorted(GroupOrder.by(column, ascending)).map(Group::key).toList();
  }

  @Test
  void sortsByEachColumnBothWays() {
    assertThat(keys("key", true)).containsExactly("a", "b", "c");
    assertThat(keys("records", false)).containsExactly("a", "b", "c");
    assertThat(keys("bytes", true)).containsExactly("a", "b", "c");
    assertThat(keys("age", false)).containsExactly("a", "b", "c");
  }

  @Test
  void unknownSealTimeSortsLast() {
    assertThat(keys("seal", true)).containsExactly("c", "b", "a");
  }

  @Test
  void anUnknownColumnSortsByAge() {
    assertThat(GroupOrder.isColumn("drop table")).isFalse();
    assertThat(keys("drop table", false)).containsExactly("a", "b", "c");
  }
}
