package io.dataflow.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Every declared setting of the application: the static {@link Setting} fields of every {@link
 * SettingsHolder} that {@link ServiceLoader} finds. The configuration reference in {@code
 * docs/configuration.md} is checked against this list by a unit test, so a key added to a settings
 * class but not documented fails the build.
 */
public final class SettingsCatalog {
  private SettingsCatalog() {}

  /** All settings, sorted by key. */
  public static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>();
    for (Class<?> holder : holders()) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
          try {
            all.add((Setting<?>) f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                "Cannot read " + holder.getName() + "." + f.getName(), e);
          }
        }
      }
    }
    all.sort(Comparator.comparing(Setting::key));
    return all;
  }

  /** The settings holders registered with {@link ServiceLoader}, in their listed order. */
  public static List<Class<? extends SettingsHolder>> holders() {
    return ServiceLoader.load(SettingsHolder.class, SettingsCatalog.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::type)
        .toList();
  }
}
