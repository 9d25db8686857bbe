package io.dataflow.it.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL expressions of the shipped dashboard and alert rules, and the metric names in them.
 */
public final class PromQl {
  public static final Path MONITORING = Path.of("..", "deploy", "monitoring");
  public static final Path DASHBOARD = MONITORING.resolve("grafana/dataflow-dashboard.json");
  public static final Path RULES = MONITORING.resolve("prometheus/dataflow-alerts.yml");

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "inf",
          "nan");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\\w)");

  private PromQl() {}

  /** Every metric name the shipped dashboard and rules use, with the first expression using it. */
  public static Map<String, String> usedNames() throws IOException {
    Map<String, String> used = new TreeMap<>();
    for (String e : dashboardExpressions(DASHBOARD)) {
      metricNames(e).forEach(n -> used.putIfAbsent(n, "dashboard: " + e));
    }
    for (String e : ruleExpressions(RULES)) {
      metricNames(e).forEach(n -> used.putIfAbsent(n, "rules: " + e));
    }
    return used;
  }

  /** The sample names in a Prometheus text. */
  public static Set<String> servedNames(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every {@code expr} of the Grafana dashboard's targets. */
  public static List<String> dashboardExpressions(Path dashboard) throws IOException {
    List<String> exprs = new ArrayList<>();
    collect(new ObjectMapper().readTree(dashboard.toFile()), exprs);
    return exprs;
  }

  private static void collect(JsonNode node, List<String> exprs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                  exprs.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), exprs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, exprs));
    }
  }

  /**
   * Every {@code expr:} of a Prometheus rule file: a one-line value or a {@code |} block (the lines
   * indented deeper than the key).
   */
  public static List<String> ruleExpressions(Path rules) throws IOException {
    List<String> lines = Files.readAllLines(rules);
    List<String> exprs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String t = line.strip();
      if (!t.startsWith("expr:")) {
        continue;
      }
      String value = t.substring("expr:".length()).strip();
      if (!value.equals("|") && !value.equals(">")) {
        exprs.add(value);
        continue;
      }
      int indent = line.indexOf("expr:");
      StringBuilder b = new StringBuilder();
      while (i + 1 < lines.size()) {
        String next = lines.get(i + 1);
        if (!next.isBlank() && next.length() - next.stripLeading().length() <= indent) {
          break;
        }
        b.append(next.strip()).append('\n');
        i++;
      }
      exprs.add(b.toString());
    }
    return exprs;
  }

  /** The metric names an expression selects (not functions, keywords, labels or durations). */
  public static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""); // strings
    s = s.replaceAll("\\{[^}]*}", " "); // label matchers
    s = s.replaceAll("\\[[^]]*]", " "); // ranges
    s =
        s.replaceAll(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
            " "); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group(1);
      String rest = s.substring(m.end()).stripLeading();
      if (rest.startsWith("(") || KEYWORDS.contains(name.toLowerCase())) {
        continue; // a function or an aggregation, or a keyword
      }
      names.add(name);
    }
    return names;
  }
}
