package io.dataflow.config;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Named;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Picks the {@code @Named} bean a setting names (a key extractor, an applier, a row transformer),
 * so that users plug their own in by name.
 */
public final class NamedBeans {
  private NamedBeans() {}

  /**
   * The bean of {@code beans} whose {@code @Named} is the setting's value; fails at start-up naming
   * the key, the value and the names there are.
   */
  public static <T> T select(
      Instance<T> beans, Setting<String> setting, Config config, Class<T> type) {
    String name = setting.read(config).trim();
    Instance<T> chosen = beans.select(NamedLiteral.of(name));
    if (chosen.isResolvable()) {
      return chosen.get();
    }
    String available =
        beans
            .handlesStream()
            .map(h -> h.getBean().getName())
            .filter(n -> n != null)
            .sorted()
            .collect(Collectors.joining(", "));
    throw setting.invalid(
        name,
        "expected the @"
            + Named.class.getSimpleName()
            + " of a "
            + type.getSimpleName()
            + " bean, one of: "
            + available);
  }
}
