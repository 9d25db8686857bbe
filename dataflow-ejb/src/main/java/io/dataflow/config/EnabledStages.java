package io.dataflow.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/** The stages this server runs, from {@code dataflow.stages}. */
@ApplicationScoped
public class EnabledStages {
  private Set<Stage> stages;

  protected EnabledStages() {}

  @Inject
  public EnabledStages(Config config) {
    this.stages = parse(CoreSettings.STAGES.read(config));
  }

  public static EnabledStages of(Set<Stage> stages) {
    EnabledStages e = new EnabledStages();
    e.stages = Collections.unmodifiableSet(stages);
    return e;
  }

  public boolean isEnabled(Stage stage) {
    return stages.contains(stage);
  }

  public Set<Stage> all() {
    return stages;
  }

  static Set<Stage> parse(String value) {
    try {
      return Collections.unmodifiableSet(Stage.parseList(value));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "Invalid value '"
              + value
              + "' for "
              + CoreSettings.STAGES.key()
              + " (env "
              + CoreSettings.STAGES.environmentVariable()
              + "): expected all, or a comma-separated list of "
              + Stage.allNames(),
          e);
    }
  }
}
