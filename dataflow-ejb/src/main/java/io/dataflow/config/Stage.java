package io.dataflow.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The pipeline stages. Which of them run in a server is set by {@code dataflow.stages}. */
public enum Stage {
  INGESTION,
  ENRICH,
  BIGQUERY,
  ARCHIVE;

  /** The name used in configuration and metrics: {@code ingestion}, {@code enrich}, ... */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a comma-separated list such as {@code ingestion,enrich}; {@code all} means every stage.
   */
  public static Set<Stage> parseList(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("all") || v.isEmpty()) {
      return EnumSet.allOf(Stage.class);
    }
    Set<Stage> stages = EnumSet.noneOf(Stage.class);
    for (String part : v.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      stages.add(
          Arrays.stream(values())
              .filter(s -> s.configName().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("unknown stage " + name)));
    }
    return stages;
  }

  static String allNames() {
    return Arrays.stream(values()).map(Stage::configName).collect(Collectors.joining(", "));
  }
}
