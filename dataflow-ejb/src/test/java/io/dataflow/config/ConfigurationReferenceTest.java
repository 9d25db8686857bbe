package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void docsConfigurationMdListsEveryDeclaredSettingWithItsDefault() throws Exception {
    if (Boolean.getBoolean("dataflow.docs.update")) {
      Files.writeString(DOC, ConfigurationReference.render());
    }
    assertThat(DOC).exists();
    assertThat(Files.readString(DOC))
        .as("docs/configuration.md is out of date: rerun with -Ddataflow.docs.update=true")
        .isEqualTo(ConfigurationReference.render());
  }
}
