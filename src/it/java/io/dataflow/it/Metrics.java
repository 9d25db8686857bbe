package io.dataflow.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values from the server's Prometheus text at /metrics. */
public final class Metrics {
  private Metrics() {}

  /** The value of the first sample of {@code name} whose labels contain every given label pair. */
  public static double value(String prometheusText, String name, String... labels) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    Matcher m = line.matcher(prometheusText);
    while (m.find()) {
      boolean all = true;
      for (String label : labels) {
        all &= m.group(1).contains(label);
      }
      if (all) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  /** The sum of every sample of {@code name} whose labels contain every given label pair. */
  public static double sum(String prometheusText, String name, String... labels) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    Matcher m = line.matcher(prometheusText);
    double sum = 0;
    while (m.find()) {
      boolean all = true;
      for (String label : labels) {
        all &= m.group(1).contains(label);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** A stage counter, e.g. {@code stageMessages("ingestion", "acked")}. */
  public static double stageMessages(String stage, String outcome) throws Exception {
    return value(
        scrape("application"),
        "dataflow_stage_messages_total",
        "stage=\"" + stage + "\"",
        "outcome=\"" + outcome + "\"");
  }

  /** The whole Prometheus text of /metrics (every scope), checking that it was served. */
  public static String scrape() throws Exception {
    return body(ServerUnderTest.metrics("/metrics"));
  }

  /** The Prometheus text of one scope: {@code application}, {@code base} or {@code vendor}. */
  public static String scrape(String scope) throws Exception {
    return body(ServerUnderTest.metrics("/metrics?scope=" + scope));
  }

  /** The Prometheus text of one scope of another server this test started. */
  public static String scrape(LibertyServer server, String scope) throws Exception {
    return body(server.get("/metrics?scope=" + scope));
  }

  private static String body(java.net.http.HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
