package io.dataflow.loadgen.verify;

import java.util.List;

/** Writes sorted sequence numbers compactly: {@code 1-5,9,12-13}. */
final class Ranges {
  private Ranges() {}

  static String of(List<Long> sorted) {
    StringBuilder s = new StringBuilder();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(sorted.get(i));
      if (j > i) {
        s.append('-').append(sorted.get(j));
      }
      i = j + 1;
    }
    return s.toString();
  }
}
