package io.dataflow.bus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A MicroProfile {@link Config} over a map of strings, for tests without a container. */
public final class MapConfig implements Config {
  private final Map<String, String> values;

  public MapConfig(Map<String, String> values) {
    this.values = new HashMap<>(values);
  }

  /** A channel's attributes, with the channel name as the connector receives it. */
  public static MapConfig channel(String name, Map<String, String> attributes) {
    Map<String, String> all = new HashMap<>(attributes);
    all.put("channel-name", name);
    return new MapConfig(all);
  }

  @Override
  public <T> T getValue(String propertyName, Class<T> propertyType) {
    return getOptionalValue(propertyName, propertyType)
        .orElseThrow(() -> new NoSuchElementException(propertyName));
  }

  @Override
  public ConfigValue getConfigValue(String propertyName) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
    if (propertyType != String.class) {
      throw new UnsupportedOperationException("strings only");
    }
    return Optional.ofNullable(values.get(propertyName))
        .filter(v -> !v.isEmpty())
        .map(propertyType::cast);
  }

  @Override
  public Iterable<String> getPropertyNames() {
    return List.copyOf(values.keySet());
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException();
  }
}
