package io.dataflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricsReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  @Test
  void docsMetricsMdListsEveryDefinedMetric() throws Exception {
    if (Boolean.getBoolean("dataflow.docs.update")) {
      Files.writeString(DOC, MetricsReference.render());
    }
    assertThat(DOC).exists();
    assertThat(Files.readString(DOC))
        .as("docs/metrics.md is out of date: rerun with -Ddataflow.docs.update=true")
        .isEqualTo(MetricsReference.render());
  }
}
