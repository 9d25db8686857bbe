package io.dataflow.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns off the bus channels of the stages this server does not run. Every channel in {@code
 * microprofile-config.properties} that belongs to a stage says so ({@code
 * mp.messaging.incoming.raw-in.stage=enrich}); when that stage is not in {@code dataflow.stages},
 * this source answers {@code mp.messaging.incoming.raw-in.enabled=false}, so Reactive Messaging
 * does not create the channel (whose consumer bean {@link StageSelectionExtension} vetoed).
 *
 * <p>A config source cannot read the rest of the configuration, so {@code dataflow.stages} is taken
 * from where servers set it ({@link StageSelection#fromEnvironment()}): the system property, else
 * the environment variable {@code DATAFLOW_STAGES}. An explicit {@code ...enabled} setting in the
 * environment (ordinal 300) still wins over this source (ordinal 200).
 */
public class StageChannelsConfigSource implements ConfigSource {
  private static final Pattern STAGE_KEY =
      Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.stage");
  private volatile Map<String, String> properties;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = properties;
    if (p == null) {
      p = compute(StageSelection::fromEnvironment, getClass().getClassLoader());
      properties = p;
    }
    return p;
  }

  @Override
  public Set<String> getPropertyNames() {
    return getProperties().keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return getProperties().get(propertyName);
  }

  @Override
  public String getName() {
    return "dataflow stage channels";
  }

  @Override
  public int getOrdinal() {
    return 200;
  }

  static Map<String, String> compute(String stagesValue, ClassLoader loader) {
    return compute(() -> StageSelection.parse(stagesValue), loader);
  }

  private static Map<String, String> compute(
      java.util.function.Supplier<StageSelection> selection, ClassLoader loader) {
    Set<Stage> enabled;
    try {
      enabled = selection.get().all();
    } catch (ConfigurationException e) {
      return Map.of(); // StageSelectionExtension fails the deployment with the key named
    }
    Map<String, String> disabled = new HashMap<>();
    try {
      Enumeration<URL> files = loader.getResources("META-INF/microprofile-config.properties");
      while (files.hasMoreElements()) {
        Properties props = new Properties();
        try (InputStream in = files.nextElement().openStream()) {
          props.load(in);
        }
        for (String key : props.stringPropertyNames()) {
          Matcher m = STAGE_KEY.matcher(key);
          if (m.matches() && !enabled.containsAll(Stage.parseList(props.getProperty(key)))) {
            disabled.put("mp.messaging." + m.group(1) + "." + m.group(2) + ".enabled", "false");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the channel configuration", e);
    }
    return Map.copyOf(disabled);
  }
}
