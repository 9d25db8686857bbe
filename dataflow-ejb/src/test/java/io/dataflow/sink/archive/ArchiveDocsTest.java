package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.config.Setting;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/archive.md documents every key of {@link ArchiveSettings} with its default. */
class ArchiveDocsTest {
  @Test
  void everyArchiveKeyIsDocumentedWithItsDefault() throws Exception {
    String text = Files.readString(Path.of("..", "docs", "archive.md"));
    int checked = 0;
    for (Field f : ArchiveSettings.class.getFields()) {
      if (f.get(null) instanceof Setting<?> s) {
        String row =
            text.lines().filter(l -> l.startsWith("| `" + s.key() + "` |")).findFirst().orElse("");
        assertThat(row).as(s.key()).isNotEmpty();
        if (!s.defaultValue().isEmpty()) {
          assertThat(row).as(s.key()).contains("`" + s.defaultValue() + "`");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(15);
  }
}
