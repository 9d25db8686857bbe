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

  /** A stage counter, e.g. {@code stageMessages("ingestion", "acked")}. */
  public static double stageMessages(String stage, String outcome) throws Exception {
    String text = ServerUnderTest.metrics("/metrics?scope=application").body();
    return value(
        text, "dataflow_stage_messages", "stage=\"" + stage + "\"", "outcome=\"" + outcome + "\"");
  }
}
