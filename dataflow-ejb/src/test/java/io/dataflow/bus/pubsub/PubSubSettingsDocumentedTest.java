package io.dataflow.bus.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.config.Setting;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PubSubSettingsDocumentedTest {
  @Test
  void everyPubSubKeyIsInTheDistributedModeGuide() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "distributed.md"));
    for (Field f : PubSubSettings.class.getFields()) {
      Setting<?> s = (Setting<?>) f.get(null);
      assertThat(guide)
          .as("docs/distributed.md documents " + s.key())
          .contains("`" + s.key() + "`");
    }
  }
}
