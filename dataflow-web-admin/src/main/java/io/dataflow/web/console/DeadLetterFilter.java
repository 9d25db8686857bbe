package io.dataflow.web.console;

import io.dataflow.admin.DeadLetterView;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/** Filters dead letters by stage, reason and device (empty = any), keeping newest first. */
final class DeadLetterFilter {
  private DeadLetterFilter() {}

  static List<DeadLetterView> apply(List<DeadLetterView> items, String stage, String reason) {
    return apply(items, stage, reason, "");
  }

  static List<DeadLetterView> apply(
      List<DeadLetterView> items, String stage, String reason, String deviceId) {
    return items.stream()
        .filter(d -> matches(stage, d.stage()))
        .filter(d -> matches(reason, d.reason()))
        .filter(d -> deviceId == null || deviceId.isEmpty() || deviceId.equals(d.deviceId()))
        .toList();
  }

  /** The distinct values of a field, sorted, for the filter menus. */
  static List<String> values(List<DeadLetterView> items, Function<DeadLetterView, String> field) {
    TreeSet<String> v = new TreeSet<>();
    items.forEach(d -> v.add(field.apply(d)));
    return List.copyOf(v);
  }

  private static boolean matches(String wanted, String actual) {
    return wanted == null
        || wanted.isEmpty()
        || wanted.toLowerCase(Locale.ROOT).equals(String.valueOf(actual).toLowerCase(Locale.ROOT));
  }
}
