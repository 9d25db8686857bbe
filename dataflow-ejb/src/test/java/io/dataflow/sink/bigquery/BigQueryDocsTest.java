package io.dataflow.sink.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.config.Setting;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/bigquery.md documents every key of {@link BigQuerySettings} with its default. */
class BigQueryDocsTest {
  @Test
  void everyBigQueryKeyIsDocumentedWithItsDefault() throws Exception {
    Path doc = Path.of("..", "docs", "bigquery.md");
    String text = Files.readString(doc);
    for (Field f : BigQuerySettings.class.getFields()) {
      if (f.get(null) instanceof Setting<?> s) {
        String row =
            text.lines().filter(l -> l.startsWith("| `" + s.key() + "` |")).findFirst().orElse("");
        assertThat(row).as(s.key()).isNotEmpty();
        if (!s.defaultValue().isEmpty()) {
          assertThat(row).as(s.key()).contains("`" + s.defaultValue() + "`");
        }
      }
    }
  }
}
