package io.dataflow.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every declared setting of the application. The configuration reference in {@code
 * docs/configuration.md} is checked against this list by a unit test, so a key added to a settings
 * class but not documented fails the build.
 */
public final class SettingsCatalog {
  /** Classes whose {@code public static final Setting} fields are configuration keys. */
  private static final List<String> HOLDERS =
      List.of(
          "io.dataflow.config.CoreSettings",
          "io.dataflow.config.ShutdownSettings",
          "io.dataflow.admin.AdminSettings",
          "io.dataflow.ingest.IngestSettings",
          "io.dataflow.ingest.mqtt.MqttSettings",
          "io.dataflow.bus.BusSettings",
          "io.dataflow.bus.local.LocalBusSettings",
          "io.dataflow.bus.local.JournalSettings",
          "io.dataflow.deadletter.DeadLetterSettings",
          "io.dataflow.enrich.EnrichSettings",
          "io.dataflow.sink.bigquery.BigQuerySettings",
          "io.dataflow.sink.archive.ArchiveSettings",
          "io.dataflow.bus.pubsub.PubSubSettings",
          "io.dataflow.demo.DemoSettings");

  private SettingsCatalog() {}

  /** All settings, sorted by key. */
  public static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>();
    for (String holder : HOLDERS) {
      try {
        for (Field f : Class.forName(holder).getFields()) {
          if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
            all.add((Setting<?>) f.get(null));
          }
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Settings holder " + holder + " is missing", e);
      }
    }
    all.sort(Comparator.comparing(Setting::key));
    return all;
  }
}
