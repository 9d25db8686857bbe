package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SettingsCatalogTest {
  @Test
  void everyClassThatDeclaresSettingsIsARegisteredHolder() throws Exception {
    Path classes =
        Path.of(SettingsCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> declaring = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (Arrays.stream(c.getDeclaredFields()).anyMatch(SettingsCatalogTest::isSetting)) {
          declaring.add(c);
        }
      }
    }

    assertThat(declaring).hasSizeGreaterThan(10);
    assertThat(SettingsCatalog.holders())
        .containsExactlyInAnyOrderElementsOf(
            declaring.stream().map(c -> c.asSubclass(SettingsHolder.class)).toList());
  }

  @Test
  void theCatalogHoldsTheSettingsOfEveryHolder() {
    List<String> keys = SettingsCatalog.all().stream().map(Setting::key).toList();

    assertThat(keys)
        .contains(
            CoreSettings.STAGES.key(),
            "dataflow.archive.max-batch-age",
            "dataflow.mqtt.url",
            "dataflow.pubsub.project-id");
  }

  private static boolean isSetting(Field f) {
    return Modifier.isStatic(f.getModifiers())
        && Modifier.isPublic(f.getModifiers())
        && Setting.class.isAssignableFrom(f.getType());
  }
}
